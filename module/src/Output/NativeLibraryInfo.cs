using AwsCredentialManager.Native;

namespace AwsCredentialManager
{
    /// <summary>Which native library the module loaded, for diagnostics and support requests.</summary>
    public static class NativeLibraryInfo
    {
        /// <summary>The absolute path of the loaded library, or null before import.</summary>
        public static string? Path => NativeLoader.LoadedPath;

        /// <summary>The runtime identifier the module looked for (linux-x64, win-x64, osx-arm64, ...).</summary>
        public static string RuntimeIdentifier => NativeLoader.RuntimeIdentifier;

        /// <summary>The ABI version the module requires.</summary>
        public static uint AbiVersion => NativeLoader.ExpectedAbiVersion;
    }
}
