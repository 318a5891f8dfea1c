using System.Management.Automation;
using AwsCredentialManager.Infrastructure;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>Clear-DefaultAWSRegion: clears $StoredAWSRegion.</summary>
    [Cmdlet(VerbsCommon.Clear, "DefaultAWSRegion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class ClearDefaultAWSRegionCommand : AwsCredCmdlet
    {
        [Parameter]
        [ValidateSet("Global", "Local", "Script", "Private")]
        public string? Scope { get; set; }

        protected override void ProcessRecord()
        {
            var scopeText = string.IsNullOrEmpty(Scope) ? "the caller's scope" : "scope " + Scope;
            if (ShouldProcess("$StoredAWSRegion (" + scopeText + ")", "Clear"))
            {
                ShellState.Set(this, ShellState.RegionVariable, null, Scope);
                WriteVerbose("Cleared $StoredAWSRegion (" + scopeText + ").");
            }
        }
    }
}
