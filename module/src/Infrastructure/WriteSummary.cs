using System.Collections.Generic;
using System.Linq;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>The verbose line after a write: which files changed, or that none did.</summary>
    internal static class WriteSummary
    {
        internal static string Describe(string what, IDictionary<string, object?> response)
        {
            var files = response.TryGetValue("FilesWritten", out var f) && f is List<object?> list
                ? list.OfType<string>().ToArray()
                : new string[0];
            var kind = response.TryGetValue("Kind", out var k) && k is string s ? " (" + s + ")" : string.Empty;
            return files.Length > 0
                ? what + kind + "; updated " + string.Join(", ", files) + "."
                : what + kind + ": the files already held these settings; nothing was changed.";
        }
    }
}
