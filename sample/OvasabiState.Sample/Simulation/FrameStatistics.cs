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
        if (_hasLast)
        {
            _intervalMs = _intervalMs == 0 ? ToMs(frameStart - _lastFrameStart) : Average(_intervalMs, ToMs(frameStart - _lastFrameStart));
        }

        _lastFrameStart = frameStart;
        _hasLast = true;
        Frames++;
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
