using System.Management.Automation;
using AwsCredentialManager.Infrastructure;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>Clear-AWSCredential: clears $StoredAWSCredentials (the variable stays defined, as in the AWS Tools).</summary>
    [Cmdlet(VerbsCommon.Clear, "AWSCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [Alias("Clear-AWSCredentials")]
    [OutputType(typeof(void))]
    public sealed class ClearAWSCredentialCommand : AwsCredCmdlet
    {
        /// <summary>Accepted and ignored, for compatibility with the AWS Tools.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter]
        [ValidateSet("Global", "Local", "Script", "Private")]
        public string? Scope { get; set; }

        protected override void ProcessRecord()
        {
            var scopeText = string.IsNullOrEmpty(Scope) ? "the caller's scope" : "scope " + Scope;
            if (ShouldProcess("$StoredAWSCredentials (" + scopeText + ")", "Clear"))
            {
                ShellState.Set(this, ShellState.CredentialsVariable, null, Scope);
                WriteVerbose("Cleared $StoredAWSCredentials (" + scopeText + ").");
            }
        }
    }
}
