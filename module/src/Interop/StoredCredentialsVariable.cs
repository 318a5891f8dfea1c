using System;
using System.Management.Automation;
using System.Reflection;

namespace AwsCredentialManager.Interop
{
    /// <summary>
    /// The $StoredAWSCredentials variable that Set-AWSCredential creates. It holds our credentials
    /// object and shows, each time it is read, the object the AWS assemblies loaded at that moment
    /// understand (<see cref="SdkBridge.Present"/>). So AWS.Tools modules imported after
    /// Set-AWSCredential still find their AWSPSCredentials there, raw (not in a PSObject).
    /// </summary>
    /// <remarks>
    /// Why a PSVariable subclass and not an AppDomain.AssemblyLoad hook that rewrites the value:
    /// the hook would run inside the loader, possibly on another runspace's thread, would have to
    /// remember every scope's variable, and would fire for AWS.Tools.Common before AWSSDK.Core (which
    /// .NET loads lazily). Reading is where the AWS Tools look (SessionState.PSVariable.GetValue and
    /// script reads call the virtual PSVariable.Value), so the bridge is built there, once per
    /// credentials object and loaded assembly. PSVariable.Value is virtual in PowerShellStandard 5.1
    /// and pwsh 7. The object must be placed as-is in the target scope: PSVariable.Set(PSVariable)
    /// copies only the value into an existing variable and always targets the current scope, so
    /// the scope's NewVariableAtScope (internal, present since PowerShell 2) is used through
    /// reflection. When that is not possible (it is missing, or the scope holds a read-only,
    /// constant, AllScope, constrained or compiled-local variable of that name) the caller sets the
    /// plain value instead, bridged for what is loaded then.
    /// </remarks>
    internal sealed class StoredCredentialsVariable : PSVariable
    {
        private static readonly Lazy<Placer?> Placement = new Lazy<Placer?>(Placer.Find);

        private StoredCredentialsVariable(string name, object? value, ScopedItemOptions options)
            : base(name, value, options)
        {
        }

        /// <summary>The stored value as the loaded AWS assemblies understand it; set stores the plain object.</summary>
        public override object? Value
        {
            get => SdkBridge.Present(base.Value);
            set => base.Value = SdkBridge.Unwrap(value);
        }

        /// <summary>
        /// Places a variable of this type holding <paramref name="credentials"/> in the scope that
        /// Set-AWSCredential -Scope names (null: the caller's scope). False when it cannot; nothing
        /// was changed then.
        /// </summary>
        internal static bool TrySet(SessionState sessionState, string name, string? scope, AWSCredentials credentials)
        {
            var scopeId = scope switch
            {
                "Global" => "global",
                "Script" => "script",
                _ => "local",
            };
            var value = SdkBridge.Unwrap(credentials);
            PSVariable? existing;
            try
            {
                existing = sessionState.PSVariable.Get(scopeId + ":" + name);
            }
            catch (Exception)
            {
                return false;
            }
            var options = string.Equals(scope, "Private", StringComparison.OrdinalIgnoreCase)
                ? ScopedItemOptions.Private
                : (existing?.Options ?? ScopedItemOptions.None) & ScopedItemOptions.Private;
            if (existing is StoredCredentialsVariable current && current.Options == options)
            {
                current.Value = value;
                return true;
            }
            const ScopedItemOptions Kept = ScopedItemOptions.ReadOnly | ScopedItemOptions.Constant | ScopedItemOptions.AllScope;
            if (existing is not null &&
                ((existing.GetType() != typeof(PSVariable) && existing is not StoredCredentialsVariable) ||
                 (existing.Options & Kept) != 0 || existing.Attributes.Count > 0))
            {
                return false;
            }
            var placer = Placement.Value;
            return placer is not null && placer.Place(sessionState, new StoredCredentialsVariable(name, value, options), scopeId);
        }

        /// <summary>SessionState.Internal.NewVariableAtScope(PSVariable, string scopeID, bool force), found once.</summary>
        private sealed class Placer
        {
            private readonly PropertyInfo internalState;
            private readonly MethodInfo newVariableAtScope;

            private Placer(PropertyInfo internalState, MethodInfo newVariableAtScope)
            {
                this.internalState = internalState;
                this.newVariableAtScope = newVariableAtScope;
            }

            internal static Placer? Find()
            {
                try
                {
                    const BindingFlags Flags = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
                    var property = typeof(SessionState).GetProperty("Internal", Flags);
                    var method = property?.PropertyType.GetMethod("NewVariableAtScope", Flags, null,
                        new[] { typeof(PSVariable), typeof(string), typeof(bool) }, null);
                    return property is null || method is null ? null : new Placer(property, method);
                }
                catch (Exception)
                {
                    return null;
                }
            }

            internal bool Place(SessionState sessionState, PSVariable variable, string scopeId)
            {
                try
                {
                    var state = internalState.GetValue(sessionState);
                    if (state is null)
                    {
                        return false;
                    }
                    // force: an existing plain variable of the scope is replaced by this object
                    // (read-only and constant ones were excluded above).
                    newVariableAtScope.Invoke(state, new object[] { variable, scopeId, true });
                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }
        }
    }
}
