<#
.SYNOPSIS
Syncs a host's AWS access key from Secrets Manager, then runs a job with it.

.DESCRIPTION
Meant for a scheduled task or a cron job that runs under
`pwsh -NonInteractive -NoProfile -File Sync-HostKey.ps1 ...`.

First it runs Sync-AWSCredential for -ProfileName (with -SecretId, -ExpectedUserArn and
-ProfileLocation when given): when the secret holds a newer key than the profile, the key is
verified and written to the profile; when they match, nothing changes. Only when that succeeds does
it run the job (-JobPath, a script file, or -Job, a script block), with AWS_PROFILE set to
-ProfileName for the job and the programs it starts. When the sync fails, the job does not run with
a stale key: the script writes one line saying why and exits with 2.

It never prompts: every value comes from its parameters, and a missing one is an error under
-NonInteractive. Nothing it writes contains a secret (Sync-AWSCredential's output shows key ids
and a masked secret only).

.PARAMETER ProfileName
The profile to sync and to give to the job. Default: default.

.PARAMETER SecretId
The secret holding {"AccessKeyId": ..., "SecretAccessKey": ...}. Without it, Sync-AWSCredential
finds the secret through the IAM user's SecretName tag; it is required when the profile's current
key is already rejected.

.PARAMETER ExpectedUserArn
The IAM user the new key must belong to (checked with STS before anything is written). Without
it, the identity recorded at the last successful sync.

.PARAMETER ProfileLocation
The credentials file holding the profile, when it is not the default one. Only the sync uses it;
a job that reads the same file must be told so itself.

.PARAMETER JobPath
The script to run after a successful sync. Use this one under `pwsh -File`, which cannot pass a
script block.

.PARAMETER Job
The script block to run after a successful sync (when this script is called from PowerShell).

.EXAMPLE
PS> $action = New-ScheduledTaskAction -Execute 'pwsh.exe' -Argument '-NonInteractive -NoProfile -File "C:\Jobs\Sync-HostKey.ps1" -ProfileName backup -JobPath "C:\Jobs\Backup.ps1"'
PS> $trigger = New-ScheduledTaskTrigger -Daily -At '03:15'
PS> $principal = New-ScheduledTaskPrincipal -UserId 'CONTOSO\svc-backup' -LogonType S4U
PS> Register-ScheduledTask -TaskName 'Backup (synced AWS key)' -Action $action -Trigger $trigger -Principal $principal

Windows Task Scheduler: every day at 03:15, as the account that owns the profile, syncs the
profile `backup` and then runs C:\Jobs\Backup.ps1. The task's Last Run Result is the exit code
(2: the sync failed and the job did not run). S4U runs without a stored password but cannot
read DPAPI-protected stores such as the AWS .NET SDK store; for a profile kept there, use
-LogonType Password (Register-ScheduledTask asks for the password with -User/-Password).

.EXAMPLE
15 3 * * * pwsh -NonInteractive -NoProfile -File /opt/jobs/Sync-HostKey.ps1 -ProfileName backup -JobPath /opt/jobs/backup.ps1 >>/var/log/backup-job.log 2>&1

A crontab line (Linux, macOS): the same every day at 03:15, output appended to a log file. Use
the full path of pwsh when cron's PATH does not include it.

.EXAMPLE
15 3 * * * /usr/local/bin/awscred sync backup && /opt/jobs/backup.sh >>/var/log/backup-job.log 2>&1

A crontab line without pwsh: the awscred command line does the same sync (`awscred sync NAME`,
with --secret-id and --expected-user-arn as needed); `&&` runs the job only when it succeeds.

.EXAMPLE
PS> ./Sync-HostKey.ps1 -ProfileName backup -SecretId prod/hosts/backup-key -Job { Write-S3Object -BucketName my-backups -File ./dump.gz -ProfileName backup }

From a PowerShell script: sync from a named secret, then run a script block.

.OUTPUTS
Sync-AWSCredential's result, then the job's output.

.NOTES
Exit codes: 0 the sync and the job succeeded; 1 the job failed (it threw, wrote an error, or left
a non-zero $LASTEXITCODE: `exit N` in a job script, or a native program that failed last);
2 the sync failed (or the module could not be imported) and the job did not run.
#>
[CmdletBinding(DefaultParameterSetName = 'Path')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Path')]
    [string]
    $JobPath,

    [Parameter(Mandatory, ParameterSetName = 'ScriptBlock')]
    [scriptblock]
    $Job,

    [string]
    $ProfileName = 'default',

    [string]
    $SecretId,

    [string]
    $ExpectedUserArn,

    [string]
    $ProfileLocation
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'  # no progress bars in a log file

# 1. The sync. Any failure stops here with exit code 2: the job must not run with a stale key.
try {
    Import-Module -Name AwsCredentialManager
    $optional = @{}
    if ($SecretId) { $optional['SecretId'] = $SecretId }
    if ($ExpectedUserArn) { $optional['ExpectedUserArn'] = $ExpectedUserArn }
    if ($ProfileLocation) { $optional['ProfileLocation'] = $ProfileLocation }
    # -Confirm:$false: a scheduled run has nobody to answer a confirmation.
    Sync-AWSCredential -ProfileName $ProfileName -ErrorAction Stop -Confirm:$false @optional
}
catch {
    [Console]::Error.WriteLine("Sync-HostKey: syncing the profile '$ProfileName' failed, the job was not run: $($_.Exception.Message)")
    exit 2
}

# 2. The job, with the synced profile as its default one. It runs in a child scope without this
#    script's strict mode (it may set its own) but with $ErrorActionPreference = 'Stop': in an
#    unattended run, any error the job writes fails it.
$env:AWS_PROFILE = $ProfileName
try {
    $global:LASTEXITCODE = 0
    & {
        Set-StrictMode -Off
        if ($PSCmdlet.ParameterSetName -eq 'Path') { & $JobPath } else { & $Job }
    }
    # A job script that ends with `exit N` (or a native program it ran last) sets LASTEXITCODE.
    if ($global:LASTEXITCODE -ne 0) {
        throw "it exited with $global:LASTEXITCODE"
    }
}
catch {
    [Console]::Error.WriteLine("Sync-HostKey: the job failed: $($_.Exception.Message)")
    exit 1
}
exit 0
