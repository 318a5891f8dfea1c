using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Sync-AWSCredential: the profile takes the key published in Secrets Manager when it differs
    /// (native sync_credentials: found through the user's tag or -SecretId, verified with STS
    /// before it is written). -WhatIf runs the native dry run and reports its plan. Refreshes
    /// $StoredAWSCredentials when they came from the profile.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "AWSCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CredentialSyncResult))]
    public sealed class SyncAWSCredentialCommand : AwsCredCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string? Region { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? SecretId { get; set; }

        [Parameter]
        public string TagKey { get; set; } = "SecretName";

        [Parameter]
        public string? ExpectedUserArn { get; set; }

        [Parameter]
        public string? TokenCode { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var location = ResolveLocation(ProfileLocation);
                var request = new Dictionary<string, object?>
                {
                    ["ProfileName"] = string.IsNullOrEmpty(ProfileName) ? null : ProfileName,
                    ["ProfileLocation"] = location,
                    ["Region"] = string.IsNullOrEmpty(Region) ? ShellState.Region(this) : Region,
                    ["SecretId"] = string.IsNullOrEmpty(SecretId) ? null : SecretId,
                    ["TagKey"] = TagKey,
                    ["ExpectedUserArn"] = string.IsNullOrEmpty(ExpectedUserArn) ? null : ExpectedUserArn,
                };
                if (WhatIfRequested())
                {
                    // The native dry run reads and verifies, and changes nothing: its plan is the What if text.
                    request["DryRun"] = true;
                    var plan = CallWithMfa(Operation.SyncCredentials, request, TokenCode);
                    var message = ResponseRows.Text(plan, "Message") ?? string.Empty;
                    WriteVerbose(message);
                    ShouldProcess(message, message, "Sync-AWSCredential");
                    return;
                }
                var target = "profile '" + (string.IsNullOrEmpty(ProfileName) ? "(AWS_PROFILE, else default)" : ProfileName) + "' in " +
                    (location is null ? "the shared AWS credentials file" : "'" + location + "'");
                var source = string.IsNullOrEmpty(SecretId) ? "the secret named by the IAM user's tag " + TagKey : "secret '" + SecretId + "'";
                if (!ShouldProcess(target, "Replace the access key with the one published in " + source + ", once verified"))
                {
                    return;
                }
                var response = CallWithMfa(Operation.SyncCredentials, request, TokenCode);
                var result = new CredentialSyncResult(
                    ResponseRows.Text(response, "ProfileName") ?? string.Empty,
                    ResponseRows.Flag(response, "Changed"),
                    ResponseRows.Text(response, "OldAccessKeyId") ?? string.Empty,
                    ResponseRows.Text(response, "NewAccessKeyId") ?? string.Empty,
                    ResponseRows.Text(response, "MaskedSecretAccessKey") ?? string.Empty,
                    ResponseRows.Text(response, "SecretId") ?? string.Empty,
                    ResponseRows.Text(response, "UserArn") ?? string.Empty,
                    ResponseRows.Text(response, "Message") ?? string.Empty);
                WriteVerbose(result.Changed ? WriteSummary.Describe("Profile '" + result.ProfileName + "' took key " + result.NewAccessKeyId, response) : result.Message);
                if (result.Changed && ShellState.RefreshFromProfile(this, result.ProfileName, location) is string refreshed)
                {
                    WriteVerbose("$StoredAWSCredentials came from profile '" + result.ProfileName + "': it now holds key " + refreshed + ".");
                }
                WriteObject(result);
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ProfileName));
            }
        }
    }
}
