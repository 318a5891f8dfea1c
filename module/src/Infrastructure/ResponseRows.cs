using System;
using System.Collections.Generic;
using System.Globalization;
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

        internal static bool Flag(IDictionary<string, object?> row, string field) =>
            row.TryGetValue(field, out var v) && v is true;

        internal static long? Number(IDictionary<string, object?> row, string field) =>
            row.TryGetValue(field, out var v) && v is long n ? n : null;

        /// <summary>A UTC timestamp field ("2026-01-31T12:00:00Z") as a DateTime of kind Utc.</summary>
        internal static DateTime? Utc(IDictionary<string, object?> row, string field) =>
            Text(row, field) is string s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
                ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc)
                : null;
    }
}
