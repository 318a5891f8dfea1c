using System;
using System.Management.Automation;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace AwsCredentialManager.Interop.Tests
{
    /// <summary>
    /// Issue 6.6, "Living next to the AWS Tools": the object Set-AWSCredential leaves in
    /// $StoredAWSCredentials is found by the AWS Tools' service cmdlets (the value "is
    /// AWSPSCredentials", Common/CredentialsArguments.cs) and by modules that look for a non-public
    /// property of an Amazon.Runtime.AWSCredentials type, signs real SigV4 requests (STS
    /// GetCallerIdentity against moto), refreshes near expiry, and keeps
    /// working for this module's own cmdlets. AWSSDK.Core and AWS.Tools.Common are loaded part-way
    /// through, as when a user imports AWS.Tools after Set-AWSCredential; assemblies cannot be
    /// unloaded, so the whole story is one ordered test.
    /// </summary>
    public sealed class StoredCredentialsTests
    {
        private const string Plain = "AwsCredentialManager.AWSCredentials";
        private const string AliceArn = "arn:aws:iam::123456789012:user/alice";
        private const string BobArn = "arn:aws:iam::123456789012:user/bob";

        /// <summary>
        /// The AWS SDK for .NET 3.7 signs the User-Agent header; moto 5.2.5 checks signatures by
        /// recomputing them with botocore, which never signs User-Agent, so every 3.7 request fails
        /// that check (4.0 no longer signs it). With 3.7, moto runs without checking: the ARN still
        /// names the user of the access key that signed, and the secret is compared directly.
        /// </summary>
#if AWSSDK_V37
        private static readonly bool CheckSignatures = false;
#else
        private static readonly bool CheckSignatures = true;
#endif

        [Fact]
        public void StoredAWSCredentials_serves_the_AWS_SDK_and_AWS_Tools_loaded_before_or_after_Set_AWSCredential()
        {
            Assert.False(ModuleHost.IsLoaded("AWSSDK.Core"), "AWSSDK.Core was loaded before the test began");
            Assert.False(ModuleHost.IsLoaded("AWS.Tools.Common"), "AWS.Tools.Common was loaded before the test began");
            using var aws = new LocalAws(CheckSignatures);
            using var host = new ModuleHost();

            // 1. No AWS assembly loaded. -Scope Global from a function, then at the prompt (the
            //    global scope): the variable object is the module's, so it can bridge later.
            host.Run("function Set-Shell { Set-AWSCredential -ProfileName bridge -Scope Global }; Set-Shell");
            Assert.Equal("StoredCredentialsVariable", host.StoredVariableType);
            Assert.Equal(Plain, host.StoredCredentials?.GetType().FullName);
            host.Run("Set-AWSCredential -ProfileName bridge");
            Assert.Equal("StoredCredentialsVariable", host.StoredVariableType);
            Assert.Equal(Plain, host.StoredCredentials?.GetType().FullName);
            Assert.False(ModuleHost.IsLoaded("AWSSDK.Core"), "Set-AWSCredential loaded AWSSDK.Core");

            // 2. AWSSDK.Core is loaded after Set-AWSCredential.
            var sdk = SdkSide.Load();
            Assert.StartsWith("AWSSDK.Core " +
#if AWSSDK_V37
                "3.7.",
#else
                "4.0.",
#endif
                sdk);
            if (CheckSignatures)
            {
                Assert.Equal("SignatureDoesNotMatch", SdkSide.ErrorWithWrongSecret(aws.Alice.AccessKey, aws.Url));
            }

            var stored = host.StoredCredentials;
            Assert.NotNull(stored);
            Assert.IsNotType<PSObject>(stored);
            Assert.Equal(Plain, stored!.GetType().BaseType?.FullName);
            var found = SdkSide.NonPublicPropertyLookup(stored);
            Assert.True(found.HasValue, "no non-public AWSCredentials property on " + stored.GetType().FullName);
            Assert.Equal("bridge", found!.Value.Name);
            Assert.True(SdkSide.IsSdkCredentials(found.Value.Credentials));
            Assert.Equal(aws.Alice, SdkSide.Keys(found.Value.Credentials));
            Assert.Equal(AliceArn, SdkSide.CallerArn(found.Value.Credentials, aws.Url));

            // Script reads see the same raw object; this module's cmdlets still get their own object.
            var seen = host.Run("$StoredAWSCredentials.GetType().FullName; (Get-AWSCredential).GetType().FullName");
            Assert.Equal(stored.GetType().FullName, seen[0]);
            Assert.Equal(Plain, seen[1]);

            // Near expiry every GetCredentials() resolves the profile again (credential_process via
            // the native library): the SDK object picks up new keys and signs with them.
            aws.Serve(aws.Bob);
            Assert.Equal(aws.Bob, SdkSide.KeysAsync(found.Value.Credentials));
            Assert.Equal(BobArn, SdkSide.CallerArn(found.Value.Credentials, aws.Url));
            aws.Serve(aws.Alice);
            Assert.Equal(AliceArn, SdkSide.CallerArn(found.Value.Credentials, aws.Url));

            // Set-AWSCredential after AWSSDK.Core is loaded: bridged at once (keys given directly).
            host.Run("Set-AWSCredential -AccessKey $args[0] -SecretKey $args[1]", aws.Bob.AccessKey, aws.Bob.SecretKey);
            var keys = SdkSide.NonPublicPropertyLookup(host.StoredCredentials);
            Assert.True(keys.HasValue);
            Assert.Equal("Supplied Key Parameters", keys!.Value.Name);
            Assert.Equal(aws.Bob, SdkSide.Keys(keys.Value.Credentials));
            Assert.Equal(BobArn, SdkSide.CallerArn(keys.Value.Credentials, aws.Url));

            // 3. AWS.Tools.Common is loaded after Set-AWSCredential: the same variable now holds what
            //    its service cmdlets take, an AWSPSCredentials.
            Assert.Equal("AWS.Tools.Common", ToolsSide.Load());
            stored = host.StoredCredentials;
            Assert.True(ToolsSide.IsToolsCredentials(stored), "not an AWSPSCredentials: " + stored?.GetType().FullName);
            Assert.Equal("Supplied Key Parameters (Strings)", ToolsSide.Describe(stored));
            var cmdletCredentials = ToolsSide.ServiceCmdletCredentials(stored);
            Assert.NotNull(cmdletCredentials);
            Assert.Equal(BobArn, SdkSide.CallerArn(cmdletCredentials!, aws.Url));
            Assert.True(SdkSide.NonPublicPropertyLookup(stored).HasValue, "AWSPSCredentials.Credentials not found by the non-public lookup");

            // Set-AWSCredential with AWS.Tools.Common loaded: warns once, stores AWSPSCredentials directly.
            host.Run("Set-AWSCredential -ProfileName bridge");
            Assert.Contains(host.Warnings, w => w.StartsWith("AWS.Tools.Common is loaded in this session.", StringComparison.Ordinal));
            stored = host.StoredCredentials;
            Assert.Equal("bridge (Profile)", ToolsSide.Describe(stored));
            cmdletCredentials = ToolsSide.ServiceCmdletCredentials(stored);
            Assert.NotNull(cmdletCredentials);
            Assert.Equal(AliceArn, SdkSide.CallerArn(cmdletCredentials!, aws.Url));
            aws.Serve(aws.Bob);
            Assert.Equal(aws.Bob, SdkSide.Keys(cmdletCredentials!));
            Assert.Equal(BobArn, SdkSide.CallerArn(cmdletCredentials!, aws.Url));

            // This module's cmdlets read through the bridge: their own object, and the profile is
            // resolved again (Get-STSCallerIdentity signs natively with the keys now served).
            seen = host.Run(
                "(Get-AWSCredential).GetType().FullName; $env:AWS_ENDPOINT_URL_STS = $args[0]; (Get-STSCallerIdentity).Arn; Remove-Item Env:AWS_ENDPOINT_URL_STS",
                aws.Url);
            Assert.Equal(Plain, seen[0]);
            Assert.Equal(BobArn, seen[1]);

            host.Run("Clear-AWSCredential");
            Assert.Null(host.StoredCredentials);
        }
    }
}
