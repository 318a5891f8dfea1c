using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>Get-STSCallerIdentity: STS GetCallerIdentity with a profile, the shell credentials or the default chain.</summary>
    [Cmdlet(VerbsCommon.Get, "STSCallerIdentity")]
    [OutputType(typeof(CallerIdentity), typeof(string))]
    public sealed class GetSTSCallerIdentityCommand : AwsCredCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
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
        [ValidateSet("*", "Account", "Arn", "UserId")]
        public string Select { get; set; } = "*";

        protected override void ProcessRecord()
        {
            try
            {
                var source = Source(ProfileName, ResolveLocation(ProfileLocation), Region);
                WriteVerbose("Calling STS GetCallerIdentity with " + source.Description + ".");
                var response = CallWithMfa(Operation.Whoami, source.Request, TokenCode, source.Environment);
                var identity = new CallerIdentity(ResponseRows.Text(response, "Account") ?? string.Empty, ResponseRows.Text(response, "Arn") ?? string.Empty, ResponseRows.Text(response, "UserId") ?? string.Empty);
                WriteObject(Select switch
                {
                    "Account" => identity.Account,
                    "Arn" => identity.Arn,
                    "UserId" => identity.UserId,
                    _ => (object)identity,
                });
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ProfileName));
            }
        }
    }
}
