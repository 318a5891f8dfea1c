namespace AwsCredentialManager
{
    /// <summary>The shell's default region ($StoredAWSRegion), as Get-DefaultAWSRegion gives it.</summary>
    public sealed class AWSRegion
    {
        internal AWSRegion(string region)
        {
            Region = region;
        }

        /// <summary>The region name, such as eu-west-1.</summary>
        public string Region { get; }

        /// <summary>The region name (the AWS Tools' objects have both).</summary>
        public string Name => Region;

        /// <summary>Always true: the value is the shell default.</summary>
        public bool IsShellDefault => true;

        /// <summary>The region name.</summary>
        public override string ToString() => Region;
    }
}
