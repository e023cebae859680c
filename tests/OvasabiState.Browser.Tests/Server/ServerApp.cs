using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;

namespace OvasabiState.Browser.Tests.Server;

/// <summary>
/// The Blazor Web App's root document (what App.razor is in a template): a static router over
/// this assembly's pages, each page choosing its own interactive render mode, and blazor.web.js.
/// </summary>
public sealed class ServerApp : ComponentBase
{
    /// <inheritdoc />
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.AddMarkupContent(0, "<!DOCTYPE html>");
        builder.OpenElement(1, "html");
        builder.AddAttribute(2, "lang", "en");
        builder.AddMarkupContent(3, """<head><meta charset="utf-8" /><base href="/" /><link rel="icon" href="data:," /><title>OvasabiState on Blazor Server</title></head>""");
        builder.OpenElement(4, "body");
        builder.OpenComponent<Router>(5);
        builder.AddComponentParameter(6, nameof(Router.AppAssembly), typeof(ServerApp).Assembly);
        builder.AddComponentParameter(7, nameof(Router.Found), (RenderFragment<RouteData>)(route => inner =>
        {
            inner.OpenComponent<RouteView>(0);
            inner.AddComponentParameter(1, nameof(RouteView.RouteData), route);
            inner.CloseComponent();
        }));
        builder.CloseComponent();
        builder.AddMarkupContent(8, """<script src="_framework/blazor.web.js"></script>""");
        builder.CloseElement();
        builder.CloseElement();
    }
}
