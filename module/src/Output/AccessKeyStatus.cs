using System;

namespace AwsCredentialManager
{
    /// <summary>One access key of an IAM user, as Get-AWSAccessKeyStatus reports it.</summary>
    public sealed class AccessKeyStatus
    {
        internal AccessKeyStatus(string accessKeyId, string status, DateTime? createDate, int? ageDays, DateTime? lastUsedDate, string? lastUsedService, string? lastUsedRegion, bool inProfile, string userName)
        {
            AccessKeyId = accessKeyId;
            Status = status;
            CreateDate = createDate;
            AgeDays = ageDays;
            LastUsedDate = lastUsedDate;
            LastUsedService = lastUsedService;
            LastUsedRegion = lastUsedRegion;
            InProfile = inProfile;
            UserName = userName;
        }

        /// <summary>The access key id (not a secret).</summary>
        public string AccessKeyId { get; }

        /// <summary>Active or Inactive.</summary>
        public string Status { get; }

        /// <summary>When the key was created (UTC).</summary>
        public DateTime? CreateDate { get; }

        /// <summary>Whole days since the key was created.</summary>
        public int? AgeDays { get; }

        /// <summary>When the key was last used (UTC); null when never.</summary>
        public DateTime? LastUsedDate { get; }

        /// <summary>The service of the key's last use (IAM's GetAccessKeyLastUsed), if any.</summary>
        public string? LastUsedService { get; }

        /// <summary>The region of the key's last use, if any.</summary>
        public string? LastUsedRegion { get; }

        /// <summary>True for the key that the profile holds.</summary>
        public bool InProfile { get; }

        /// <summary>The IAM user the key belongs to.</summary>
        public string UserName { get; }
    }
}
