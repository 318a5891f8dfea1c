using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>Remove-AWSCredentialProfile: removes a profile from every file that defines it.</summary>
    [Cmdlet(VerbsCommon.Remove, "AWSCredentialProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAWSCredentialProfileCommand : AwsCredCmdlet
    {
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string ProfileName { get; set; } = string.Empty;

        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (!TryResolveLocation(ProfileLocation, out var location))
            {
                return;
            }
            var where = location is null ? "the shared AWS config and credentials files" : "'" + location + "'";
            if (!ShouldProcessUnlessForced(Force.IsPresent, "profile '" + ProfileName + "' in " + where, "Remove profile"))
            {
                return;
            }
            try
            {
                var response = Call(Operation.RemoveProfile, new Dictionary<string, object?> { ["ProfileName"] = ProfileName, ["ProfileLocation"] = location });
                WriteVerbose(WriteSummary.Describe("Removed profile '" + ProfileName + "'", response));
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ProfileName));
            }
        }
    }
}
