using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>
    /// Tab completion of -ProfileName and -SourceProfile: the profile names the native library
    /// lists (from -ProfileLocation when it is already on the command line).
    /// </summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var request = new Dictionary<string, object?>();
            if (fakeBoundParameters is not null && fakeBoundParameters["ProfileLocation"] is string location && location.Length > 0)
            {
                request["ProfileLocation"] = location;
            }
            Dictionary<string, object?> response;
            try
            {
                response = NativeClient.Call(Operation.ListProfiles, request);
            }
            catch (AwsCredentialException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return ResponseRows.Of(response, "Profiles")
                .Select(row => ResponseRows.Text(row, "ProfileName"))
                .OfType<string>()
                .Where(name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name))
                .ToList();
        }

        private static string Quote(string name) =>
            name.IndexOfAny(new[] { ' ', '\'', '$', '@', '`', '(', ')', '{', '}', ';', ',' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
    }
}
