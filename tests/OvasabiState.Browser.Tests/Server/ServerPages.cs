using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace OvasabiState.Browser.Tests.Server;

/// <summary>The state page, interactive on the server and prerendered first (the template's default).</summary>
[Route(Path)]
[PrerenderedServer]
public sealed class PrerenderedStatePage : ServerStatePage
{
    /// <summary>Its URL, relative to the app's base.</summary>
    public const string Path = "/server-state";
}

/// <summary>The same page, interactive on the server without prerendering.</summary>
[Route(Path)]
[ServerWithoutPrerender]
public sealed class LiveStatePage : ServerStatePage
{
    /// <summary>Its URL, relative to the app's base.</summary>
    public const string Path = "/server-state-live";
}

/// <summary>What <c>@rendermode InteractiveServer</c> compiles to on a component.</summary>
[System.AttributeUsage(System.AttributeTargets.Class)]
public sealed class PrerenderedServerAttribute : RenderModeAttribute
{
    /// <inheritdoc />
    public override IComponentRenderMode Mode => RenderMode.InteractiveServer;
}

/// <summary>What <c>@rendermode @(new InteractiveServerRenderMode(prerender: false))</c> compiles to.</summary>
[System.AttributeUsage(System.AttributeTargets.Class)]
public sealed class ServerWithoutPrerenderAttribute : RenderModeAttribute
{
    /// <inheritdoc />
    public override IComponentRenderMode Mode { get; } = new InteractiveServerRenderMode(prerender: false);
}
