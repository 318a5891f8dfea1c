using System.IO;
using System.Management.Automation;
using AwsCredentialManager.Interop;
using AwsCredentialManager.Native;

namespace AwsCredentialManager.Infrastructure
{
    /// <summary>
    /// Runs at Import-Module: loads the native library of this OS and architecture from
    /// runtimes/&lt;rid&gt;/ and checks its ABI version. A failure here fails the import itself,
    /// with a message naming the path, instead of failing every cmdlet later.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        /// <inheritdoc />
        public void OnImport()
        {
            // Records whether the AWS Tools are loaded already (Coexistence warns at the first
            // cmdlet call) and watches for AWSSDK.Core / AWS.Tools loaded later (Interop/SdkBridge).
            AssemblyWatch.Start();
            var directory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
            NativeLoader.EnsureLoaded(directory);
        }
    }
}
