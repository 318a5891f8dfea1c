using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>Set-DefaultAWSRegion: sets $StoredAWSRegion after the native library accepts the name.</summary>
    [Cmdlet(VerbsCommon.Set, "DefaultAWSRegion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class SetDefaultAWSRegionCommand : AwsCredCmdlet
    {
        [Parameter(Mandatory = true, Position = 210, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string Region { get; set; } = string.Empty;

        /// <summary>Accepted and ignored, for compatibility with the AWS Tools.</summary>
        [Parameter(Position = 211, ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter]
        [ValidateSet("Global", "Local", "Script", "Private")]
        public string? Scope { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                Call(Operation.Validate, new Dictionary<string, object?> { ["Region"] = Region });
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, Region));
                return;
            }
            var scopeText = string.IsNullOrEmpty(Scope) ? "the caller's scope" : "scope " + Scope;
            if (ShouldProcess("$StoredAWSRegion (" + scopeText + ")", "Set to " + Region))
            {
                ShellState.Set(this, ShellState.RegionVariable, Region, Scope);
                WriteVerbose("Default region for the shell: " + Region + " (" + scopeText + ").");
            }
        }
    }
}
