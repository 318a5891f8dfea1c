using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace AwsCredentialManager.Interop
{
    /// <summary>
    /// Makes the credentials in $StoredAWSCredentials usable by the AWS SDK for .NET and by the AWS
    /// Tools for PowerShell when either is loaded in the same process. This assembly never
    /// references AWSSDK.Core: the types that need it are built with Reflection.Emit against the
    /// AWSSDK.Core actually loaded (3.7 and 4.0 have the same AWSCredentials contract: a protected
    /// parameterless constructor, abstract GetCredentials() returning ImmutableCredentials, virtual
    /// GetCredentialsAsync() returning Task&lt;ImmutableCredentials&gt;).
    /// <list type="bullet">
    /// <item>An Amazon.Runtime.AWSCredentials subclass whose GetCredentials() asks our credentials
    /// object each time, so profile credentials are resolved again near expiry (they refresh).</item>
    /// <item>With AWS.Tools.Common (or AWSPowerShell[.NetCore]) loaded: a real
    /// Amazon.PowerShell.Common.AWSPSCredentials holding that SDK object, made with its non-public
    /// constructor. Their service cmdlets take $StoredAWSCredentials only when it "is AWSPSCredentials"
    /// (Common/CredentialsArguments.cs, TryGetCredentials); its non-public Credentials property also
    /// serves modules that read any non-public property of an AWSCredentials type by reflection.</item>
    /// <item>With only AWSSDK.Core loaded: a subclass of our <see cref="AWSCredentials"/> (so this
    /// module's cmdlets keep working on it) with a non-public instance property Credentials, declared
    /// as Amazon.Runtime.AWSCredentials, and a non-public Name, for those reflection readers.</item>
    /// </list>
    /// Each bridge object maps back to the credentials object it came from, so both sides share one
    /// refresh state. Nothing here throws at a reader: on any failure the plain object is returned
    /// and the reason kept in <see cref="LastError"/>.
    /// </summary>
    internal static class SdkBridge
    {
        private const string TypeNamespace = "AwsCredentialManager.Interop";
        private const string ToolsCredentialsType = "Amazon.PowerShell.Common.AWSPSCredentials";
        private static readonly object Gate = new object();
        private static readonly Dictionary<Type, SdkTypes?> SdkTypesByBase = new Dictionary<Type, SdkTypes?>();
        private static readonly Dictionary<Assembly, ConstructorInfo?> ToolsConstructors = new Dictionary<Assembly, ConstructorInfo?>();
        private static readonly ConditionalWeakTable<AWSCredentials, Bridges> Forward = new ConditionalWeakTable<AWSCredentials, Bridges>();
        private static readonly ConditionalWeakTable<object, AWSCredentials> Back = new ConditionalWeakTable<object, AWSCredentials>();
        private static ModuleBuilder? module;
        private static int typeCount;

        /// <summary>Why the last bridge could not be built, or null.</summary>
        internal static string? LastError { get; private set; }

        /// <summary>
        /// What $StoredAWSCredentials shows for a stored value: for our credentials object, the
        /// bridge the loaded AWS assemblies understand (or the object itself when none is loaded);
        /// any other value unchanged.
        /// </summary>
        internal static object? Present(object? value)
        {
            if (value is not AWSCredentials stored)
            {
                return value;
            }
            var ours = Original(stored);
            var tools = AssemblyWatch.Tools;
            var sdk = AssemblyWatch.SdkCore;
            if (tools is null && sdk is null)
            {
                return ours;
            }
            lock (Gate)
            {
                try
                {
                    var bridges = Forward.GetValue(ours, _ => new Bridges());
                    if (tools is not null)
                    {
                        bridges.ForTools ??= ForTools(ours, tools);
                        if (bridges.ForTools is not null)
                        {
                            return bridges.ForTools;
                        }
                    }
                    if (sdk is not null)
                    {
                        bridges.ForSdk ??= ForSdk(ours, sdk);
                        if (bridges.ForSdk is not null)
                        {
                            return bridges.ForSdk;
                        }
                    }
                }
                catch (Exception e)
                {
                    LastError = e.GetType().Name + ": " + e.Message;
                }
            }
            return ours;
        }

        /// <summary>Our credentials object behind a bridge object; any other value unchanged.</summary>
        internal static object? Unwrap(object? value)
        {
            if (value is null)
            {
                return null;
            }
            lock (Gate)
            {
                return Back.TryGetValue(value, out var original) ? original : value;
            }
        }

        private static AWSCredentials Original(AWSCredentials credentials)
        {
            lock (Gate)
            {
                return Back.TryGetValue(credentials, out var original) ? original : credentials;
            }
        }

        private static object? ForTools(AWSCredentials ours, Assembly tools)
        {
            if (!ToolsConstructors.TryGetValue(tools, out var constructor))
            {
                constructor = FindToolsConstructor(tools);
                ToolsConstructors[tools] = constructor;
            }
            if (constructor is null)
            {
                return null;
            }
            var parameters = constructor.GetParameters();
            var types = TypesFor(parameters[0].ParameterType);
            if (types is null)
            {
                return null;
            }
            var sdkCredentials = NewSdkCredentials(ours, types);
            var source = SourceValue(parameters[2].ParameterType, ours);
            var bridge = Invoke(constructor, sdkCredentials, ours.ToString(), source);
            Back.Add(bridge, ours);
            return bridge;
        }

        private static object? ForSdk(AWSCredentials ours, Assembly sdk)
        {
            var baseType = sdk.GetType("Amazon.Runtime.AWSCredentials", false);
            var types = baseType is null ? null : TypesFor(baseType);
            if (types?.WrapperConstructor is null)
            {
                return null;
            }
            var wrapper = Invoke(types.WrapperConstructor, ours, NewSdkCredentials(ours, types));
            Back.Add(wrapper, ours);
            return wrapper;
        }

        private static object NewSdkCredentials(AWSCredentials ours, SdkTypes types)
        {
            Func<object> keys = () =>
            {
                var current = ours.GetCredentials();
                return Invoke(types.ImmutableConstructor, current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
            };
            var sdkCredentials = Invoke(types.CredentialsConstructor, keys, ours.ToString());
            Back.Add(sdkCredentials, ours);
            return sdkCredentials;
        }

        /// <summary>The non-public AWSPSCredentials(AWSCredentials, string, CredentialsSource) constructor, or null.</summary>
        private static ConstructorInfo? FindToolsConstructor(Assembly tools)
        {
            var type = tools.GetType(ToolsCredentialsType, false);
            if (type is null)
            {
                LastError = tools.GetName().Name + " has no type " + ToolsCredentialsType + ".";
                return null;
            }
            var constructor = type.GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).FirstOrDefault(c =>
            {
                var p = c.GetParameters();
                return p.Length == 3 && p[0].ParameterType.FullName == "Amazon.Runtime.AWSCredentials" &&
                    p[1].ParameterType == typeof(string) && p[2].ParameterType.IsEnum;
            });
            if (constructor is null)
            {
                LastError = ToolsCredentialsType + " of " + tools.GetName().Name + " has no (AWSCredentials, string, CredentialsSource) constructor.";
            }
            return constructor;
        }

        /// <summary>The AWS Tools' CredentialsSource member closest to where our credentials came from.</summary>
        private static object SourceValue(Type enumType, AWSCredentials ours)
        {
            var wanted = ours.ProfileName is not null ? new[] { "Profile", "Saved" } : ours.Source switch
            {
                "Parameters" => new[] { "Strings" },
                "Environment" => new[] { "Environment" },
                "EcsContainer" => new[] { "Container" },
                "Ec2InstanceMetadata" => new[] { "InstanceProfile" },
                "CredentialsObject" => new[] { "CredentialsObject" },
                _ => Array.Empty<string>(),
            };
            var names = Enum.GetNames(enumType);
            var name = wanted.Concat(new[] { "Unknown" }).FirstOrDefault(n => names.Contains(n));
            return name is null ? Enum.ToObject(enumType, 0) : Enum.Parse(enumType, name);
        }

        private static SdkTypes? TypesFor(Type sdkCredentialsType)
        {
            if (!SdkTypesByBase.TryGetValue(sdkCredentialsType, out var types))
            {
                try
                {
                    types = Emit(sdkCredentialsType);
                }
                catch (Exception e)
                {
                    LastError = "Could not build a subclass of " + sdkCredentialsType.AssemblyQualifiedName + ": " + e.GetType().Name + ": " + e.Message;
                    types = null;
                }
                SdkTypesByBase[sdkCredentialsType] = types;
            }
            return types;
        }

        private static SdkTypes Emit(Type sdkBase)
        {
            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            var getCredentials = sdkBase.GetMethod("GetCredentials", BindingFlags.Instance | BindingFlags.Public, null, Type.EmptyTypes, null)
                ?? throw new MissingMethodException(sdkBase.FullName, "GetCredentials");
            var immutable = getCredentials.ReturnType;
            var immutableConstructor = immutable.GetConstructor(new[] { typeof(string), typeof(string), typeof(string) })
                ?? throw new MissingMethodException(immutable.FullName, ".ctor(string, string, string)");
            var baseConstructor = sdkBase.GetConstructor(Instance, null, Type.EmptyTypes, null)
                ?? throw new MissingMethodException(sdkBase.FullName, ".ctor()");
            var suffix = typeCount++ == 0 ? string.Empty : typeCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            module ??= AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("AwsCredentialManager.AwsSdkBridge"), AssemblyBuilderAccess.Run)
                .DefineDynamicModule("AwsCredentialManager.AwsSdkBridge");

            // public sealed class AwsSdkCredentials : Amazon.Runtime.AWSCredentials
            var credentials = module.DefineType(TypeNamespace + ".AwsSdkCredentials" + suffix,
                TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class | TypeAttributes.BeforeFieldInit, sdkBase);
            var keys = credentials.DefineField("keys", typeof(Func<object>), FieldAttributes.Private | FieldAttributes.InitOnly);
            var name = credentials.DefineField("name", typeof(string), FieldAttributes.Private | FieldAttributes.InitOnly);
            var constructor = credentials.DefineConstructor(MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
                CallingConventions.Standard, new[] { typeof(Func<object>), typeof(string) });
            var il = constructor.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, baseConstructor);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Stfld, keys);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Stfld, name);
            il.Emit(OpCodes.Ret);

            // public override ImmutableCredentials GetCredentials() => (ImmutableCredentials)keys();
            const MethodAttributes Override = MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig;
            var get = credentials.DefineMethod("GetCredentials", Override, immutable, Type.EmptyTypes);
            il = get.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, keys);
            il.Emit(OpCodes.Callvirt, typeof(Func<object>).GetMethod("Invoke")!);
            il.Emit(OpCodes.Castclass, immutable);
            il.Emit(OpCodes.Ret);
            credentials.DefineMethodOverride(get, getCredentials);

            // public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
            var taskType = typeof(Task<>).MakeGenericType(immutable);
            var getAsync = sdkBase.GetMethod("GetCredentialsAsync", BindingFlags.Instance | BindingFlags.Public, null, Type.EmptyTypes, null);
            if (getAsync is not null && getAsync.IsVirtual && !getAsync.IsFinal && getAsync.ReturnType == taskType)
            {
                var method = credentials.DefineMethod("GetCredentialsAsync", Override, taskType, Type.EmptyTypes);
                il = method.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Callvirt, getCredentials);
                il.Emit(OpCodes.Call, typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(immutable));
                il.Emit(OpCodes.Ret);
                credentials.DefineMethodOverride(method, getAsync);
            }

            // public override string ToString() => name;
            var toString = credentials.DefineMethod("ToString", Override, typeof(string), Type.EmptyTypes);
            il = toString.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, name);
            il.Emit(OpCodes.Ret);
            credentials.DefineMethodOverride(toString, typeof(object).GetMethod(nameof(ToString))!);

            var credentialsType = credentials.CreateTypeInfo()!.AsType();

            // public sealed class AwsSdkCompatibleCredentials : AwsCredentialManager.AWSCredentials
            // { internal Amazon.Runtime.AWSCredentials Credentials { get; } internal string Name => ToString(); }
            var wrapper = module.DefineType(TypeNamespace + ".AwsSdkCompatibleCredentials" + suffix,
                TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class | TypeAttributes.BeforeFieldInit, typeof(AWSCredentials));
            var inner = wrapper.DefineField("credentials", sdkBase, FieldAttributes.Private | FieldAttributes.InitOnly);
            var copy = typeof(AWSCredentials).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, null, new[] { typeof(AWSCredentials) }, null)
                ?? throw new MissingMethodException(typeof(AWSCredentials).FullName, ".ctor(AWSCredentials)");
            var wrapperConstructor = wrapper.DefineConstructor(MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
                CallingConventions.Standard, new[] { typeof(AWSCredentials), sdkBase });
            il = wrapperConstructor.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, copy);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Stfld, inner);
            il.Emit(OpCodes.Ret);

            const MethodAttributes Getter = MethodAttributes.Assembly | MethodAttributes.HideBySig | MethodAttributes.SpecialName;
            var getInner = wrapper.DefineMethod("get_Credentials", Getter, sdkBase, Type.EmptyTypes);
            il = getInner.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, inner);
            il.Emit(OpCodes.Ret);
            wrapper.DefineProperty("Credentials", PropertyAttributes.None, sdkBase, null).SetGetMethod(getInner);

            var getName = wrapper.DefineMethod("get_Name", Getter, typeof(string), Type.EmptyTypes);
            il = getName.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Callvirt, typeof(object).GetMethod(nameof(ToString))!);
            il.Emit(OpCodes.Ret);
            wrapper.DefineProperty("Name", PropertyAttributes.None, typeof(string), null).SetGetMethod(getName);

            var wrapperType = wrapper.CreateTypeInfo()!.AsType();
            return new SdkTypes(
                credentialsType.GetConstructor(new[] { typeof(Func<object>), typeof(string) })!,
                wrapperType.GetConstructor(new[] { typeof(AWSCredentials), sdkBase }),
                immutableConstructor);
        }

        /// <summary>Runs a constructor found by reflection, throwing what it throws (not a TargetInvocationException).</summary>
        private static object Invoke(ConstructorInfo constructor, params object?[] arguments)
        {
            try
            {
                return constructor.Invoke(arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        /// <summary>The constructors of the types built for one AWSSDK.Core.</summary>
        private sealed class SdkTypes
        {
            internal SdkTypes(ConstructorInfo credentialsConstructor, ConstructorInfo? wrapperConstructor, ConstructorInfo immutableConstructor)
            {
                CredentialsConstructor = credentialsConstructor;
                WrapperConstructor = wrapperConstructor;
                ImmutableConstructor = immutableConstructor;
            }

            internal ConstructorInfo CredentialsConstructor { get; }

            internal ConstructorInfo? WrapperConstructor { get; }

            internal ConstructorInfo ImmutableConstructor { get; }
        }

        /// <summary>The bridge objects made for one credentials object.</summary>
        private sealed class Bridges
        {
            internal object? ForTools { get; set; }

            internal object? ForSdk { get; set; }
        }
    }
}
