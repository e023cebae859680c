using System;

namespace OvasabiState.Identity;

/// <summary>The current user changed: state under <see cref="PreviousUserId"/> is no longer the current user's.</summary>
/// <param name="previousUserId">The id before the change.</param>
/// <param name="userId">The id now.</param>
/// <param name="profile">The profile name now.</param>
public sealed class UserChangedEventArgs(string previousUserId, string userId, string profile) : EventArgs
{
    /// <summary>The id before the change.</summary>
    public string PreviousUserId { get; } = previousUserId;

    /// <summary>The id now.</summary>
    public string UserId { get; } = userId;

    /// <summary>The profile name now.</summary>
    public string Profile { get; } = profile;
}
