using System;
using System.Collections.Generic;
using System.Globalization;
using AwsCredentialManager.Native;

namespace AwsCredentialManager
{
    /// <summary>
    /// A credentials object, as $StoredAWSCredentials and Get-AWSCredential give it. The secret and
    /// token are not properties: GetCredentials() returns them, as the AWS SDK's AWSCredentials
    /// does. Credentials that came from a profile are resolved again (by the native library) when
    /// they are within five minutes of expiring, so a long-running session never holds stale keys.
    /// </summary>
    public class AWSCredentials
    {
        private static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(5);
        private readonly object gate = new object();
        private readonly string name;
        private ImmutableCredentials keys;

        internal AWSCredentials(string name, string source, ImmutableCredentials keys, DateTime? expiration, string? profileName, string? profileLocation, string? requestedLocation)
        {
            this.name = name;
            this.keys = keys;
            Source = source;
            Expiration = expiration;
            ProfileName = profileName;
            ProfileLocation = profileLocation ?? requestedLocation;
            RequestedLocation = requestedLocation;
        }

        /// <summary>Copies another credentials object (the AWS SDK bridge derives from this class).</summary>
        protected AWSCredentials(AWSCredentials other)
        {
            if (other is null)
            {
                throw new ArgumentNullException(nameof(other));
            }
            name = other.name;
            keys = other.keys;
            Source = other.Source;
            Expiration = other.Expiration;
            ProfileName = other.ProfileName;
            ProfileLocation = other.ProfileLocation;
            RequestedLocation = other.RequestedLocation;
        }

        /// <summary>The profile the credentials came from, if any.</summary>
        public string? ProfileName { get; }

        /// <summary>Where they came from: Profile, AssumeRole, Sso, Environment, Parameters, ...</summary>
        public string Source { get; }

        /// <summary>The file that defines the profile, if any.</summary>
        public string? ProfileLocation { get; }

        /// <summary>The access key id (not a secret).</summary>
        public string AccessKey
        {
            get
            {
                lock (gate)
                {
                    return keys.AccessKey;
                }
            }
        }

        /// <summary>When temporary credentials expire (UTC), else null.</summary>
        public DateTime? Expiration { get; private set; }

        /// <summary>The -ProfileLocation the credentials were resolved with, if any.</summary>
        internal string? RequestedLocation { get; }

        /// <summary>The keys, refreshed first when they come from a profile and are about to expire.</summary>
        public ImmutableCredentials GetCredentials()
        {
            lock (gate)
            {
                if (ProfileName is not null && Expiration is DateTime expires && expires - DateTime.UtcNow < RefreshWindow)
                {
                    var fresh = Resolve(ProfileName, RequestedLocation, null, null);
                    keys = fresh.keys;
                    Expiration = fresh.Expiration;
                }
                return keys;
            }
        }

        /// <summary>The name of the source, as the AWS Tools' credentials objects give it.</summary>
        public override string ToString() => name;

        /// <summary>Resolves a profile of any kind through the native library.</summary>
        internal static AWSCredentials Resolve(string? profileName, string? profileLocation, string? tokenCode, string? region, IDictionary<string, string?>? environment = null)
        {
            var request = new Dictionary<string, object?>
            {
                ["ProfileName"] = profileName,
                ["ProfileLocation"] = profileLocation,
                ["TokenCode"] = tokenCode,
                ["Region"] = region,
            };
            return FromResponse(NativeClient.Call(Operation.GetCredentials, request, environment), profileLocation);
        }

        /// <summary>Builds the object from a get_credentials response.</summary>
        internal static AWSCredentials FromResponse(IDictionary<string, object?> response, string? requestedLocation)
        {
            string? Text(string key) => response.TryGetValue(key, out var v) && v is string s && s.Length > 0 ? s : null;
            var source = Text("Source") ?? "Unknown";
            var profile = Text("ProfileName");
            DateTime? expiration = null;
            if (Text("Expiration") is string e &&
                DateTime.TryParse(e, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            {
                expiration = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            }
            var keys = new ImmutableCredentials(Text("AccessKeyId") ?? string.Empty, Text("SecretAccessKey") ?? string.Empty, Text("SessionToken"));
            return new AWSCredentials(profile ?? SourceName(source), source, keys, expiration, profile, Text("ProfileLocation"), requestedLocation);
        }

        /// <summary>Keys given directly (-AccessKey/-SecretKey, or another credentials object).</summary>
        internal static AWSCredentials FromKeys(string name, string source, string accessKey, string secretKey, string? token)
        {
            return new AWSCredentials(name, source, new ImmutableCredentials(accessKey, secretKey, string.IsNullOrEmpty(token) ? null : token), null, null, null, null);
        }

        private static string SourceName(string source) => source switch
        {
            "Environment" => "Environment Variables",
            "EcsContainer" => "Container",
            "Ec2InstanceMetadata" => "Instance Profile",
            _ => source,
        };
    }
}
