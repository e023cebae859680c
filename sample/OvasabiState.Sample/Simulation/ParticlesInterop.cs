using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;

namespace OvasabiState.Sample.Simulation;

/// <summary>
/// The [JSImport] side of Scripts/particles.js (bundled with Three.js into
/// wwwroot/js/particles.bundle.js). Per-frame calls go only through here, never IJSRuntime.
/// </summary>
[SupportedOSPlatform("browser")]
internal static partial class ParticlesInterop
{
    private const string ModuleName = "particles";

    // Relative to _framework/, where the runtime resolves module URLs.
    private const string ModuleUrl = "../js/particles.bundle.js";

    private static Task? _import;

    /// <summary>Imports the module and connects its animation loop to <see cref="ParticleFrames"/> (once).</summary>
    public static Task EnsureImportedAsync()
    {
        return _import ??= ImportAsync();

        static async Task ImportAsync()
        {
            try
            {
                await JSHost.ImportAsync(ModuleName, ModuleUrl).ConfigureAwait(true);
                await Initialize(typeof(ParticleFrames).Assembly.GetName().Name + ".dll").ConfigureAwait(true);
            }
            catch
            {
                _import = null; // let the next page visit try again
                throw;
            }
        }
    }

    [JSImport("initialize", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.Void>>]
    private static partial Task Initialize(string assembly);

    /// <summary>Creates the Three.js view on the canvas; false when WebGL is unavailable (figures only).</summary>
    [JSImport("createView", ModuleName)]
    public static partial bool CreateView(string canvasId, int count);

    [JSImport("resizeView", ModuleName)]
    public static partial void ResizeView(int count);

    /// <summary>The handoff: the positions' bytes, copied into the geometry's preallocated Float32Array.</summary>
    [JSImport("upload", ModuleName)]
    public static partial void Upload([JSMarshalAs<JSType.MemoryView>] Span<byte> positions);

    [JSImport("draw", ModuleName)]
    public static partial void Draw();

    [JSImport("startLoop", ModuleName)]
    public static partial void StartLoop();

    [JSImport("stopLoop", ModuleName)]
    public static partial void StopLoop();

    [JSImport("disposeView", ModuleName)]
    public static partial void DisposeView();

    /// <summary>The JS heap in use (Chromium's performance.memory), or -1 where the browser does not tell.</summary>
    [JSImport("jsHeapBytes", ModuleName)]
    public static partial double JsHeapBytes();

    /// <summary>Entries and bytes per IndexedDB store of <paramref name="database"/>, and the storage estimate, as JSON.</summary>
    [JSImport("databaseStats", ModuleName)]
    [return: JSMarshalAs<JSType.Promise<JSType.String>>]
    public static partial Task<string> DatabaseStats(string database);

    [JSImport("benchPrepare", ModuleName)]
    public static partial void BenchPrepare(int count);

    [JSImport("benchUpload", ModuleName)]
    public static partial void BenchUpload([JSMarshalAs<JSType.MemoryView>] Span<byte> positions);

    /// <summary>The median ms of the plain-JS step (see Scripts/particle-step.js).</summary>
    [JSImport("benchJsStep", ModuleName)]
    public static partial double BenchJsStep(int count, int warmup, int samples, int batch,
        double deltaTime, double gravity, double bound, double stiffnessX, double stiffnessY, double stiffnessZ);
}
