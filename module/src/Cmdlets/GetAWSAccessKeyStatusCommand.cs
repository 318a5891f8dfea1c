using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Get-AWSAccessKeyStatus: every access key of the IAM user a profile belongs to (native
    /// access_key_status), one object per key, and each warning of the answer (a key older than
    /// -MaxKeyAgeDays, two active keys) as a warning record.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AWSAccessKeyStatus")]
    [OutputType(typeof(AccessKeyStatus))]
    public sealed class GetAWSAccessKeyStatusCommand : AwsCredCmdlet
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

        [Parameter]
        public string? TokenCode { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaxKeyAgeDays { get; set; } = 90;

        protected override void ProcessRecord()
        {
            try
            {
                var request = new Dictionary<string, object?>
                {
                    ["ProfileName"] = string.IsNullOrEmpty(ProfileName) ? null : ProfileName,
                    ["ProfileLocation"] = ResolveLocation(ProfileLocation),
                    ["Region"] = string.IsNullOrEmpty(Region) ? ShellState.Region(this) : Region,
                    ["MaxKeyAgeDays"] = MaxKeyAgeDays,
                };
                var response = CallWithMfa(Operation.AccessKeyStatus, request, TokenCode);
                var userName = ResponseRows.Text(response, "UserName") ?? string.Empty;
                WriteVerbose("Keys of IAM user " + ResponseRows.Text(response, "UserArn") + " (profile '" + ResponseRows.Text(response, "ProfileName") + "').");
                foreach (var key in ResponseRows.Of(response, "Keys"))
                {
                    WriteObject(new AccessKeyStatus(
                        ResponseRows.Text(key, "AccessKeyId") ?? string.Empty,
                        ResponseRows.Text(key, "Status") ?? string.Empty,
                        ResponseRows.Utc(key, "CreateDate"),
                        ResponseRows.Number(key, "AgeDays") is long age ? (int)System.Math.Min(age, int.MaxValue) : null,
                        ResponseRows.Utc(key, "LastUsedDate"),
                        ResponseRows.Text(key, "LastUsedService"),
                        ResponseRows.Text(key, "LastUsedRegion"),
                        ResponseRows.Flag(key, "InProfile"),
                        userName));
                }
                foreach (var warning in ResponseRows.Strings(response, "Warnings"))
                {
                    WriteWarning(warning);
                }
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ProfileName));
            }
        }
    }
}
