using System.Management.Automation;
using AwsCredentialManager.Infrastructure;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>Get-DefaultAWSRegion: the shell's $StoredAWSRegion, or nothing.</summary>
    [Cmdlet(VerbsCommon.Get, "DefaultAWSRegion")]
    [OutputType(typeof(AWSRegion))]
    public sealed class GetDefaultAWSRegionCommand : AwsCredCmdlet
    {
        protected override void ProcessRecord()
        {
            var region = ShellState.Region(this);
            if (region is not null)
            {
                WriteObject(new AWSRegion(region));
            }
        }
    }
}
