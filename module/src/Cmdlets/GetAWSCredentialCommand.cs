using System.Collections.Generic;
using System.Management.Automation;
using AwsCredentialManager.Infrastructure;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Cmdlets
{
    /// <summary>
    /// Get-AWSCredential: the shell credentials, a profile's credentials (any kind), or the list of
    /// profiles. An unknown profile is an error (the AWS Tools return nothing).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AWSCredential", DefaultParameterSetName = ShellSet)]
    [Alias("Get-AWSCredentials")]
    [OutputType(typeof(AWSCredentials), ParameterSetName = new[] { ShellSet, SingleSet })]
    [OutputType(typeof(string), ParameterSetName = new[] { ListNameSet })]
    [OutputType(typeof(ProfileInfo), ParameterSetName = new[] { ListDetailSet })]
    public sealed class GetAWSCredentialCommand : AwsCredCmdlet
    {
        private const string ShellSet = "Shell";
        private const string SingleSet = "SingleProfile";
        private const string ListNameSet = "ListName";
        private const string ListDetailSet = "ListDetail";

        [Parameter(ParameterSetName = SingleSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string ProfileName { get; set; } = string.Empty;

        [Parameter(ParameterSetName = SingleSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ListNameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ListDetailSet, ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter(ParameterSetName = SingleSet, ValueFromPipelineByPropertyName = true)]
        public string? TokenCode { get; set; }

        [Parameter(ParameterSetName = ListNameSet, Mandatory = true)]
        [Alias("ListStoredCredentials", "ListProfiles")]
        public SwitchParameter ListProfile { get; set; }

        [Parameter(ParameterSetName = ListDetailSet, Mandatory = true)]
        public SwitchParameter ListProfileDetail { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ShellSet)
            {
                var stored = ShellState.Get(this, ShellState.CredentialsVariable);
                if (stored is not null)
                {
                    WriteObject(stored);
                }
                return;
            }
            try
            {
                var location = ResolveLocation(ProfileLocation);
                if (ParameterSetName == SingleSet)
                {
                    WriteObject(ResolveProfile(ProfileName, location, TokenCode));
                    return;
                }
                if (ListProfile.IsPresent)
                {
                    WriteWarning("The ListProfile switch is deprecated and will be removed from a future release.  Please use ListProfileDetail instead.");
                }
                var response = Call(Operation.ListProfiles, new Dictionary<string, object?> { ["ProfileLocation"] = location });
                foreach (var row in ResponseRows.Of(response, "Profiles"))
                {
                    var name = ResponseRows.Text(row, "ProfileName") ?? string.Empty;
                    if (ParameterSetName == ListNameSet)
                    {
                        WriteObject(name);
                    }
                    else
                    {
                        WriteObject(new ProfileInfo(name, ResponseRows.Text(row, "StoreTypeName") ?? string.Empty, ResponseRows.Text(row, "ProfileLocation")));
                    }
                }
            }
            catch (AwsCredentialException e)
            {
                WriteError(Record(e, ParameterSetName == SingleSet ? ProfileName : ProfileLocation));
            }
        }
    }
}
