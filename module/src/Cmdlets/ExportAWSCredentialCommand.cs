using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Export-AWSCredential: the resolved credentials into this process's environment (for child
    /// processes), or as credential_process JSON, POSIX shell or PowerShell lines. With -WhatIf
    /// nothing is resolved and nothing is written.
    /// </summary>
    [Cmdlet(VerbsData.Export, "AWSCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(string))]
    public sealed class ExportAWSCredentialCommand : AwsCredCmdlet
    {
        private static readonly string[] VariableNames = { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION" };

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter]
        public string? TokenCode { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string? Region { get; set; }

        [Parameter]
        [ValidateSet("Environment", "CredentialProcess", "Json", "PowerShell", "Env")]
        public string Format { get; set; } = "Environment";

        protected override void ProcessRecord()
        {
            try
            {
                var source = Source(ProfileName, ResolveLocation(ProfileLocation), Region);
                var target = Format == "Environment"
                    ? "environment variables " + string.Join(", ", VariableNames) + " of this PowerShell process"
                    : "credentials of " + source.Description + " as " + Format + " text";
                if (!ShouldProcess(target, "Export from " + source.Description))
                {
                    return;
                }
                source.Request["Format"] = Format switch
                {
                    "PowerShell" => "powershell",
                    "Env" => "env",
                    "Environment" => "environment",
                    _ => "json",
                };
                var response = CallWithMfa(Operation.ExportCredentials, source.Request, TokenCode, source.Environment);
                var text = ResponseRows.Text(response, "Text") ?? string.Empty;
                if (Format == "Environment")
                {
                    SetEnvironment(response);
                    WriteVerbose("Exported the credentials of " + source.Description + " to the environment of this process.");
                }
                else if (Format is "CredentialProcess" or "Json")
                {
                    WriteObject(text.TrimEnd('\r', '\n'));
                }
                else
                {
                    foreach (var line in text.Split(new[] { "\r\n", "\n" }, StringSplitOptions.RemoveEmptyEntries))
                    {
                        WriteObject(line);
                    }
                }
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ProfileName));
            }
        }

        /// <summary>Applies the native answer's Variables (name to value, null to unset) to this process.</summary>
        private static void SetEnvironment(IDictionary<string, object?> response)
        {
            var variables = response.TryGetValue("Variables", out var v) ? v as Dictionary<string, object?> : null;
            if (variables is null)
            {
                throw new AwsCredentialException("Internal", ErrorCategory.NotSpecified, "export_credentials answered without Variables for the Environment format.");
            }
            foreach (var pair in variables.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                System.Environment.SetEnvironmentVariable(pair.Key, pair.Value as string);
            }
        }
    }
}
