using System;
using System.IO;

namespace OvasabiState.Testing;

/// <summary>Where the repository is, for tools and tests that publish or serve its projects.</summary>
internal static class Repository
{
    /// <summary>The folder holding OvasabiState.sln, found above the working directory or the program.</summary>
    public static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OvasabiState.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("OvasabiState.sln not found above the current directory or " + AppContext.BaseDirectory);
    }
}
