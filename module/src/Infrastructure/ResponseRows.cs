using System.Collections.Generic;
using System.Linq;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>Reads fields of a parsed native response.</summary>
    internal static class ResponseRows
    {
        internal static IEnumerable<Dictionary<string, object?>> Of(IDictionary<string, object?> response, string field) =>
            response.TryGetValue(field, out var v) && v is List<object?> list
                ? list.OfType<Dictionary<string, object?>>()
                : Enumerable.Empty<Dictionary<string, object?>>();

        internal static string[] Strings(IDictionary<string, object?> response, string field) =>
            response.TryGetValue(field, out var v) && v is List<object?> list ? list.OfType<string>().ToArray() : new string[0];

        internal static string? Text(IDictionary<string, object?> row, string field) =>
            row.TryGetValue(field, out var v) ? v as string : null;
    }
}
