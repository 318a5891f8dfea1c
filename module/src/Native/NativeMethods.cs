using System;
using System.Runtime.InteropServices;

namespace AwsCredentialManager.Native
{
    /// <summary>
    /// P/Invoke declarations of native/include/awscred.h. The library name is resolved to
    /// runtimes/&lt;rid&gt;/ beside this assembly by <see cref="NativeLoader"/>. Responses are
    /// library-allocated and received as IntPtr (never string, which the marshaller would free with
    /// CoTaskMemFree); requests are UTF-8 byte arrays plus a length. A test checks that these
    /// declarations and the header's functions match in both directions.
    /// </summary>
    internal static class NativeMethods
    {
        /// <summary>The name every DllImport uses; the loader maps it to the file of this OS.</summary>
        internal const string LibraryName = "awscred";

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint awscred_abi_version();

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_free(IntPtr response, UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_set_profile(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_copy_profile(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_list_profiles(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_show_profile(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_get_credentials(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_remove_profile(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_dump_config(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_explain(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_whoami(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_export_credentials(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_resolve_region(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_describe(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_validate(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_initialize_defaults(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_sync_credentials(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_access_key_status(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_get_secret_credential(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_rotate_start(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_rotate_poll(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_rotate_cancel(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_login_start(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_login_poll(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_login_cancel(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_logout(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_sso_configure(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_sso_login_start(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_sso_login_poll(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_sso_login_cancel(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_sso_logout(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_sso_accounts(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_move_profile(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int awscred_refresh_cli(byte[] request, UIntPtr requestLen, out IntPtr response, out UIntPtr responseLen);
    }
}
