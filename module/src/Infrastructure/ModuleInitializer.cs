using System.IO;
using System.Management.Automation;
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
            var directory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
            NativeLoader.EnsureLoaded(directory);
        }
    }
}
