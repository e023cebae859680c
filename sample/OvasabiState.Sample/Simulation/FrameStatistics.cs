using System.Diagnostics;

namespace OvasabiState.Sample.Simulation;

/// <summary>
/// Rolling figures of the animation loop: exponential moving averages (about the last 30 frames)
/// of the frame interval, step and handoff times, so recording a frame allocates nothing and the
/// overlay reads smooth values.
/// </summary>
public sealed class FrameStatistics
{
    // The weight of each new frame: 1/30, a half-life of ~20 frames (a third of a second at 60 FPS).
    private const double Weight = 1.0 / 30;

    private double _intervalMs;
    private double _stepMs;
    private double _handoffMs;
    private long _lastFrameStart;
    private bool _hasLast;

    /// <summary>Frames recorded.</summary>
    public long Frames { get; private set; }

    /// <summary>Frames per second, from the average interval between frames (0 before two frames).</summary>
    public double Fps => _intervalMs > 0 ? 1000 / _intervalMs : 0;

    /// <summary>Average simulation step, ms.</summary>
    public double StepMs => _stepMs;

    /// <summary>Average handoff of the positions to JavaScript, ms.</summary>
    public double HandoffMs => _handoffMs;

    /// <summary>Records one frame from <see cref="Stopwatch"/> timestamps.</summary>
    public void Record(long frameStart, long stepEnd, long handoffEnd)
    {
        _stepMs = Average(_stepMs, ToMs(stepEnd - frameStart));
        _handoffMs = Average(_handoffMs, ToMs(handoffEnd - stepEnd));
        RecordInterval(frameStart);
        Frames++;
    }

    /// <summary>
    /// Records a frame that was only drawn (the page's render-only mode): the frame interval, and so
    /// <see cref="Fps"/>, exactly as <see cref="Record"/> measures it; no step, no handoff, and
    /// <see cref="Frames"/> (simulated frames) does not move.
    /// </summary>
    public void RecordDrawn(long frameStart) => RecordInterval(frameStart);

    private void RecordInterval(long frameStart)
    {
        if (_hasLast)
        {
            // Its own first-sample rule (not Average's, which keys on Frames): drawn-only frames do not count Frames.
            var interval = ToMs(frameStart - _lastFrameStart);
            _intervalMs = _intervalMs == 0 ? interval : _intervalMs + ((interval - _intervalMs) * Weight);
        }

        _lastFrameStart = frameStart;
        _hasLast = true;
    }

    /// <summary>
    /// Forgets the frame interval after a stop, so the time stopped does not count as one long
    /// frame; the other figures and the frame count stay.
    /// </summary>
    public void Pause()
    {
        _intervalMs = 0;
        _hasLast = false;
    }

    private double Average(double average, double sample) => Frames == 0 ? sample : average + ((sample - average) * Weight);

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
