using OvasabiState.Sample.Records;

namespace OvasabiState.Sample.Simulation;

/// <summary>
/// The constants of one particle step: every particle is pulled toward the centre by a spring
/// (stiffness per axis, so the cloud turns in Lissajous figures) and down by gravity, and stays in
/// a box. Semi-implicit Euler keeps the springs' energy bounded, so the motion never dies out or
/// blows up, whatever the number of frames.
/// </summary>
/// <param name="DeltaTime">Seconds per step (fixed, so positions depend on the step count only).</param>
/// <param name="Gravity">Downward acceleration in scene units.</param>
/// <param name="Bound">Half the side of the box.</param>
/// <param name="StiffnessX">Spring stiffness along x (1/s²).</param>
/// <param name="StiffnessY">Spring stiffness along y.</param>
/// <param name="StiffnessZ">Spring stiffness along z.</param>
public readonly record struct StepParameters(float DeltaTime, float Gravity, float Bound, float StiffnessX, float StiffnessY, float StiffnessZ)
{
    /// <summary>Scene units per metre: the scene is a few units wide, and 9.81 m/s² would flatten it.</summary>
    public const float SceneScale = 0.05f;

    /// <summary>The step for a record's parameters.</summary>
    public static StepParameters From(SimulationParams parameters) =>
        new(parameters.DeltaTime, parameters.Gravity * SceneScale, Bound: 2.5f, StiffnessX: 2.0f, StiffnessY: 2.5f, StiffnessZ: 1.6f);
}
