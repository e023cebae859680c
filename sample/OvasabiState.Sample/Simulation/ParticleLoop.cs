using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace OvasabiState.Sample.Simulation;

/// <summary>
/// The page's animation loop: JavaScript's requestAnimationFrame calls <see cref="ParticleFrames.Frame"/>,
/// which lands in <see cref="Frame"/>: one step, the positions handed to the Three.js geometry,
/// both timed. Nothing in a frame allocates.
/// </summary>
[SupportedOSPlatform("browser")]
public sealed class ParticleLoop : IDisposable
{
    /// <summary>Creates the loop over <paramref name="simulation"/>; it owns it and disposes it.</summary>
    public ParticleLoop(ParticleSimulation simulation) => Simulation = simulation;

    /// <summary>Raised (once) when a frame throws; the loop has stopped.</summary>
    public event Action<Exception>? Failed;

    /// <summary>The simulation.</summary>
    public ParticleSimulation Simulation { get; }

    /// <summary>The rolling figures.</summary>
    public FrameStatistics Statistics { get; } = new();

    /// <summary>True while the animation loop runs.</summary>
    public bool Running { get; private set; }

    /// <summary>
    /// The benchmark anchor (<c>/analytics?mode=render-only</c>): frames only draw the positions
    /// as they are, with no step and no handoff; each frame still notes its start so that FPS is
    /// measured exactly as in the simulated mode.
    /// </summary>
    public bool RenderOnly { get; init; }

    /// <summary>Starts calling <see cref="Frame"/> on every animation frame.</summary>
    public void Start()
    {
        if (Running)
        {
            return;
        }

        ParticleFrames.Active = this;
        Running = true;
        ParticlesInterop.StartLoop();
    }

    /// <summary>Stops the animation loop: no further frame steps or uploads.</summary>
    public void Stop()
    {
        ParticlesInterop.StopLoop();
        Running = false;
        Statistics.Pause();
    }

    /// <summary>Hands the current positions to the view and draws them once (after a restore or a reset while stopped).</summary>
    public void Show()
    {
        ParticlesInterop.Upload(MemoryMarshal.AsBytes(Simulation.Positions));
        ParticlesInterop.Draw();
    }

    /// <summary>One animation frame: step, then hand over (render-only: just the frame's start).</summary>
    public void Frame()
    {
        if (!Running)
        {
            return;
        }

        if (RenderOnly)
        {
            Statistics.RecordDrawn(Stopwatch.GetTimestamp());
            return;
        }

        try
        {
            var start = Stopwatch.GetTimestamp();
            Simulation.Step();
            var stepped = Stopwatch.GetTimestamp();
            ParticlesInterop.Upload(MemoryMarshal.AsBytes(Simulation.Positions));
            Statistics.Record(start, stepped, Stopwatch.GetTimestamp());
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // An exception escaping into requestAnimationFrame would surface as an unhandled JS
            // error on every frame: stop once and let the page show it.
            Stop();
            Failed?.Invoke(exception);
        }
    }

    /// <summary>Stops the loop and returns the simulation's buffers.</summary>
    public void Dispose()
    {
        Stop();
        if (ReferenceEquals(ParticleFrames.Active, this))
        {
            ParticleFrames.Active = null;
        }

        Simulation.Dispose();
    }
}
