namespace OvasabiState.Sample.Records;

public enum Theme
{
    System,
    Light,
    Dark,
}

/// <summary>User preferences: a singleton per user, in memory and localStorage.</summary>
[Layered(Priority = [StateLayer.Memory, StateLayer.Local], Store = "user_preferences")]
public partial record struct UserPreferencesRecord()
{
    public Theme Theme { get; set; } = Theme.System;

    public int ParticleCount { get; set; } = 10_000;

    public bool ShowOverlay { get; set; } = true;

    public string Language { get; set; } = "en";
}
