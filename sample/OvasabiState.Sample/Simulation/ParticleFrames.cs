using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;

namespace OvasabiState.Sample.Simulation;

/// <summary>
/// The [JSExport] entry point of the animation loop (Scripts/particles.js calls it from
/// requestAnimationFrame). Static because exports are; it forwards to the page's live loop.
/// </summary>
[SupportedOSPlatform("browser")]
public static partial class ParticleFrames
{
    /// <summary>The loop that receives frames (the page's), or null.</summary>
    internal static ParticleLoop? Active { get; set; }

    /// <summary>One animation frame.</summary>
    [JSExport]
    internal static void Frame() => Active?.Frame();
}
