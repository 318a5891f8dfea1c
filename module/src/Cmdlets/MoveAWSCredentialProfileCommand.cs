using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Move-AWSCredentialProfile (extension): moves a profile's access keys between the shared
    /// credentials file and the OS keychain. -WhatIf runs the move as a dry run (checked, nothing
    /// written).
    /// </summary>
    [Cmdlet(VerbsCommon.Move, "AWSCredentialProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class MoveAWSCredentialProfileCommand : AwsCredCmdlet
    {
        internal const string Keychain = "Keychain";
        internal const string SharedCredentialsFile = "SharedCredentialsFile";
        internal const string NetSDKCredentialsFile = "NetSDKCredentialsFile";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string ProfileName { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateSet(Keychain, SharedCredentialsFile)]
        public string To { get; set; } = string.Empty;

        /// <summary>NetSDKCredentialsFile: the profile of the AWS SDK for .NET store (Windows).</summary>
        [Parameter]
        [ValidateSet(NetSDKCredentialsFile)]
        public string? From { get; set; }

        /// <summary>Also remove the profile from the .NET SDK store (shared with the .NET SDK and Visual Studio).</summary>
        [Parameter]
        public SwitchParameter RemoveSource { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        protected override void ProcessRecord()
        {
            if (!TryResolveLocation(ProfileLocation, out var location))
            {
                return;
            }
            var where = location is null ? "the shared AWS config and credentials files" : "'" + location + "'";
            var target = "profile '" + ProfileName + "' in " + where;
            var action = To == Keychain
                ? "Move the access keys to the OS keychain (the profile gets a credential_process line)"
                : "Move the access keys to the credentials file";
            if (RemoveSource.IsPresent)
            {
                action += ", removing the profile from the .NET SDK store";
            }
            var dryRun = WhatIfRequested();
            if (!dryRun && !ShouldProcess(target, action))
            {
                return;
            }
            var request = new Dictionary<string, object?>
            {
                ["ProfileName"] = ProfileName,
                ["ProfileLocation"] = location,
                ["To"] = To,
                ["From"] = From,
                ["RemoveSource"] = RemoveSource.IsPresent,
                ["CliPath"] = NativeLoader.CliPath,
                ["DryRun"] = dryRun,
            };
            try
            {
                var response = Call(Operation.MoveProfile, request);
                if (dryRun)
                {
                    // The dry run checked that the move can happen; -WhatIf reports it.
                    ShouldProcess(target, action);
                    return;
                }
                WriteVerbose(WriteSummary.Describe("Moved profile '" + ProfileName + "' to " + To, response));
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ProfileName));
            }
        }
    }
}
