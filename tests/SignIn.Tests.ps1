# The sign-in cmdlets end to end: Invoke-AWSLogin / Invoke-AWSLogout (console sign-in, login_session)
# and Initialize-AWSSSOConfiguration / Invoke-AWSSSOLogin / Invoke-AWSSSOLogout (IAM Identity
# Center), against the local services of tests/integration/signinworld.py (AWS Sign-In, SSO-OIDC
# and the SSO portal on 127.0.0.1, started by tests/pester/signin_serve.py) with the scripted
# browser of tests/integration/scripted_browser.py as $BROWSER, in a TestDrive home: what is
# written (profile, login cache, SSO token cache), that the profiles then resolve to the keys the
# servers issued, and the failures (a tampered state, a closed tab, missing values, an identity
# change nobody confirmed) by error id, with nothing written.
#
# Nothing here may prompt: AWSCRED_NO_PROMPT is 1 for the whole suite (the runner is also
# -NonInteractive). Every call that must succeed runs with -ErrorAction Stop, so a non-terminating
# error fails the test; expected failures are asserted by error id, never by message.

Set-StrictMode -Version Latest

BeforeAll {
    Import-Module -Name (Join-Path $PSScriptRoot 'pester/TestEnvironment.psm1') -Force -ErrorAction Stop
    $ModulePath = Get-BuiltModulePath
    Import-Module -Name $ModulePath -Force -ErrorAction Stop
    $Saved = Save-TestEnvironment
    # pwsh passes $null to a string parameter of a .NET method as '' and .NET then keeps an empty
    # variable, so the SetEnvironmentVariable($name, $null) of the helpers (here and in earlier
    # suites) can leave AWS_* variables that are set but empty (an empty AWS_MAX_ATTEMPTS makes
    # aws-config panic). None of them may reach the library here: Remove-Item deletes them.
    function Remove-EmptyVariable {
        foreach ($name in @([System.Environment]::GetEnvironmentVariables().Keys)) {
            if (($name -like 'AWS_*' -or $name -like 'AWSCRED_*') -and [string]::IsNullOrEmpty([System.Environment]::GetEnvironmentVariable($name))) {
                Remove-Item -LiteralPath "env:$name" -ErrorAction SilentlyContinue
            }
        }
    }
    Remove-EmptyVariable
    $SavedBrowser = @{}
    foreach ($name in @('BROWSER', 'SCRIPTED_BROWSER_MODE', 'SCRIPTED_BROWSER_LOG', 'SCRIPTED_BROWSER_DELAY', 'SCRIPTED_BROWSER_FOREGROUND')) {
        $SavedBrowser[$name] = [System.Environment]::GetEnvironmentVariable($name)
        Remove-Item -LiteralPath "env:$name" -ErrorAction SilentlyContinue
    }

    # The services, from the project's Python environment (signinworld needs `cryptography`).
    $Repo = Split-Path -Path $PSScriptRoot -Parent
    $Python = Join-Path $Repo '.venv/bin/python'
    if (-not (Test-Path -LiteralPath $Python)) {
        throw "The project's Python environment is missing ($Python); create it as .ci/run does."
    }
    $State = Join-Path $TestDrive 'signin'
    $null = New-Item -ItemType Directory -Path $State -Force
    $info = [System.Diagnostics.ProcessStartInfo]::new($Python)
    $info.ArgumentList.Add((Join-Path $PSScriptRoot 'pester/signin_serve.py'))
    $info.ArgumentList.Add($State)
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    $Server = [System.Diagnostics.Process]::Start($info)
    $endpoints = Join-Path $State 'endpoints.json'
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path -LiteralPath $endpoints)) {
        if ($Server.HasExited) { throw "signin_serve.py exited with $($Server.ExitCode)" }
        if ([DateTime]::UtcNow -gt $deadline) { $Server.Kill(); throw 'the sign-in services did not start within 60 s' }
        Start-Sleep -Milliseconds 50
    }
    $Urls = Get-Content -Raw -LiteralPath $endpoints | ConvertFrom-Json

    $HomeFolder = Join-Path $TestDrive 'home'
    $AwsFolder = Join-Path $HomeFolder '.aws'
    $null = New-Item -ItemType Directory -Path $AwsFolder -Force
    # Only HOME: the config file, the login cache and the SSO cache are found from it.
    $env:HOME = $HomeFolder
    $env:USERPROFILE = $HomeFolder
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_MAX_ATTEMPTS = '1'
    $env:AWS_ENDPOINT_URL_SIGNIN = $Urls.signin
    $env:AWS_ENDPOINT_URL_SSO_OIDC = $Urls.sso
    $env:AWS_ENDPOINT_URL_SSO = $Urls.sso
    $env:AWSCRED_NO_PROMPT = '1'
    $BrowserLog = Join-Path $TestDrive 'browser.log'
    $env:BROWSER = "$Python $(Join-Path $Repo 'tests/integration/scripted_browser.py') %s"
    $env:SCRIPTED_BROWSER_LOG = $BrowserLog

    $ConfigPath = Join-Path $AwsFolder 'config'
    $LoginCache = Join-Path $AwsFolder 'login/cache'
    $SsoCache = Join-Path $AwsFolder 'sso/cache'
    $DefaultArn = 'arn:aws:iam::123456789012:user/Admin'
    $OtherArn = 'arn:aws:iam::123456789012:user/Other'
    $StartUrl = 'https://d-1234567890.awsapps.com/start'

    # An empty ~/.aws, the browser following every redirect, the services' defaults.
    function Reset-World {
        Get-ChildItem -LiteralPath $AwsFolder -Force | Remove-Item -Recurse -Force
        Remove-Item -LiteralPath $BrowserLog -Force -ErrorAction SilentlyContinue
        $env:SCRIPTED_BROWSER_MODE = $null
        $null = Set-ServerKnob -Server signin -Name session_arn -Value $DefaultArn
    }

    function Get-ServerState {
        Invoke-RestMethod -Uri "$($Urls.control)/state" -NoProxy
    }

    function Set-ServerKnob {
        param([string] $Server, [string] $Name, $Value)
        $body = ConvertTo-Json -InputObject @{ server = $Server; name = $Name; value = $Value } -Compress
        Invoke-RestMethod -Method Post -Uri "$($Urls.control)/set" -Body $body -ContentType 'application/json' -NoProxy
    }

    # The files of a cache folder (the .lock files of its entries left out).
    function Get-CacheFile {
        param([string] $Folder)
        if (-not (Test-Path -LiteralPath $Folder)) { return @() }
        @(Get-ChildItem -LiteralPath $Folder -File -Force | Where-Object { $_.Name -notlike '*.lock' } | ForEach-Object { $_.FullName })
    }

    function Get-ConfigText {
        if (Test-Path -LiteralPath $ConfigPath) { [System.IO.File]::ReadAllText($ConfigPath) } else { '' }
    }

    # {key: value} of one section of the config file ('profile dev', 'sso-session corp').
    function Get-ConfigSection {
        param([string] $Name)
        $values = @{}
        $inside = $false
        foreach ($line in ((Get-ConfigText) -split "`r?`n")) {
            if ($line -match '^\s*\[(.+)\]\s*$') {
                $inside = $Matches[1].Trim() -eq $Name
                continue
            }
            if ($inside -and $line -match '^\s*([^=#;]+?)\s*=\s*(.*?)\s*$') {
                $values[$Matches[1]] = $Matches[2]
            }
        }
        $values
    }

    # The text that went to the host (Write-Host), from -InformationVariable.
    function Get-HostText {
        param($Records)
        (@($Records) | ForEach-Object { [string]$_.MessageData }) -join "`n"
    }

    function Get-BrowserLog {
        if (Test-Path -LiteralPath $BrowserLog) { @([System.IO.File]::ReadAllLines($BrowserLog)) } else { @() }
    }

    # The scripted browser works detached: wait (briefly) for its log line.
    function Wait-BrowserLog {
        param([string] $Like)
        $until = [DateTime]::UtcNow.AddSeconds(10)
        while ([DateTime]::UtcNow -lt $until) {
            $lines = @(Get-BrowserLog | Where-Object { $_ -like $Like })
            if ($lines.Count -gt 0) { return $lines }
            Start-Sleep -Milliseconds 100
        }
        @()
    }

    # An IAM Identity Center profile `dev` of sso-session `corp`, written by the cmdlet.
    function Initialize-DevProfile {
        Initialize-AWSSSOConfiguration -ProfileName dev -SessionName corp -StartUrl $StartUrl -SSORegion us-east-1 -AccountId 111111111111 -RoleName ReadOnlyAccess -Region eu-west-1 -ErrorAction Stop
    }

    # Runs a script in a child pwsh on a pseudo-terminal (tests/pester/interactive_pwsh.py), as a
    # person at a console: AWSCRED_NO_PROMPT unset, each step's prompt answered. The child has this
    # process's environment (HOME, endpoints, BROWSER). Returns {exit_code, output, failed}.
    function Invoke-Interactive {
        param([string] $Script, [object[]] $Steps)
        $file = Join-Path $TestDrive ("interactive-{0}.ps1" -f [guid]::NewGuid())
        $text = @(
            "`$ErrorActionPreference = 'Stop'"
            "Import-Module -Name '$($ModulePath.Replace("'", "''"))'"
            'try {'
            $Script
            '}'
            'catch {'
            '    "ERRORID:" + $_.FullyQualifiedErrorId'
            '    exit 3'
            '}'
        ) -join "`n"
        [System.IO.File]::WriteAllText($file, $text)
        $info = [System.Diagnostics.ProcessStartInfo]::new($Python)
        foreach ($argument in @((Join-Path $PSScriptRoot 'pester/interactive_pwsh.py'), (Get-PwshPath), $file, (ConvertTo-Json -InputObject @($Steps) -Depth 5 -Compress))) {
            $info.ArgumentList.Add($argument)
        }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        $errors = $process.StandardError.ReadToEndAsync()
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) {
            throw "interactive_pwsh.py failed with exit code $($process.ExitCode): $($errors.Result)"
        }
        $output | ConvertFrom-Json
    }

    # Runs a script in a fresh runspace of this process (module imported there), for the progress
    # stream and for stopping a pipeline as Ctrl+C does.
    function New-ModulePowerShell {
        param([string] $Script)
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module -Name '$($ModulePath.Replace("'", "''"))' -ErrorAction Stop`n$Script")
        $ps
    }
}

AfterAll {
    if ($null -ne $Server) {
        try { $Server.StandardInput.Close() } catch { }
        if (-not $Server.WaitForExit(10000)) { $Server.Kill($true) }
    }
    Restore-TestEnvironment $Saved
    Remove-EmptyVariable
    foreach ($name in $SavedBrowser.Keys) {
        if ($null -eq $SavedBrowser[$name]) {
            Remove-Item -LiteralPath "env:$name" -ErrorAction SilentlyContinue
        }
        else {
            Set-Item -LiteralPath "env:$name" -Value $SavedBrowser[$name]
        }
    }
    Remove-Module -Name 'AwsCredentialManager', 'TestEnvironment' -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-AWSLogin' {
    BeforeEach {
        Reset-World
    }

    It 'signs a profile in through the browser: login_session and region in the profile, the login cache under $HOME/.aws/login/cache' {
        $result = Invoke-AWSLogin -ProfileName console -Region us-east-2 -ErrorAction Stop -InformationVariable shown
        $result | Should -BeOfType ([AwsCredentialManager.AWSLoginResult])
        $result.ProfileName | Should -BeExactly 'console'
        $result.LoginSession | Should -BeExactly $DefaultArn
        $result.AccountId | Should -BeExactly '123456789012'
        $result.Region | Should -BeExactly 'us-east-2'
        $result.ExpiresAt | Should -BeGreaterThan ([DateTime]::UtcNow)
        $result.FilesWritten | Should -Be @($ConfigPath)

        $section = Get-ConfigSection 'profile console'
        $section['login_session'] | Should -BeExactly $DefaultArn
        $section['region'] | Should -BeExactly 'us-east-2'
        $cache = @(Get-CacheFile $LoginCache)
        $cache.Count | Should -Be 1
        $result.CacheFile | Should -BeExactly $cache[0]
        $cache[0] | Should -BeLike (Join-Path $HomeFolder '.aws/login/cache/*.json')

        # The page was shown on the host, and $BROWSER (the scripted browser) visited it.
        Get-HostText $shown | Should -BeLike "*$($Urls.signin)/v1/authorize?*"
        @(Wait-BrowserLog -Like "follow 302 $($Urls.signin)/v1/authorize?*").Count | Should -Be 1
        # No token or key in the output object.
        $state = Get-ServerState
        ($result | Format-List * | Out-String) | Should -Not -BeLike "*$($state.signin.issued[-1])*"
    }

    It 'leaves a profile that then resolves to the keys AWS Sign-In issued' {
        $null = Invoke-AWSLogin -ProfileName console -Region us-east-1 -ErrorAction Stop
        $issued = (Get-ServerState).signin.issued
        $credential = Get-AWSCredential -ProfileName console -ErrorAction Stop
        $credential.GetCredentials().AccessKey | Should -BeExactly $issued[-1]
        $credential.GetCredentials().Token | Should -Not -BeNullOrEmpty
    }

    It 'takes the profile from AWS_PROFILE and the region from AWS_REGION' {
        $env:AWS_PROFILE = 'fromenv'
        $env:AWS_REGION = 'eu-central-1'
        try {
            $result = Invoke-AWSLogin -ErrorAction Stop
        }
        finally {
            $env:AWS_PROFILE = $null
            $env:AWS_REGION = $null
        }
        $result.ProfileName | Should -BeExactly 'fromenv'
        (Get-ConfigSection 'profile fromenv')['region'] | Should -BeExactly 'eu-central-1'
    }

    It 'writes the profile into -ProfileLocation, a path relative to the current location' {
        Push-Location -LiteralPath $TestDrive
        try {
            $result = Invoke-AWSLogin -ProfileName located -Region us-west-2 -ProfileLocation 'located-config' -ErrorAction Stop
        }
        finally {
            Pop-Location
        }
        $file = Join-Path $TestDrive 'located-config'
        $result.FilesWritten | Should -Be @($file)
        [System.IO.File]::ReadAllText($file) | Should -BeLike "*login_session = $DefaultArn*"
        Test-Path -LiteralPath $ConfigPath | Should -BeFalse
        (Get-AWSCredential -ProfileName located -ProfileLocation $file -ErrorAction Stop).GetCredentials().AccessKey | Should -BeExactly (Get-ServerState).signin.issued[-1]
        Remove-Item -LiteralPath $file -Force
    }

    It 'fails with LoginStateMismatch when the redirect carries another state, and writes nothing' {
        $env:SCRIPTED_BROWSER_MODE = 'tamper-state'
        $tokenCalls = (Get-ServerState).signin.token_calls
        $result = Invoke-AWSLogin -ProfileName console -Region us-east-1 -ExecutionTimeout 30000 -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LoginStateMismatch,*'
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        @(Get-CacheFile $LoginCache).Count | Should -Be 0
        Get-ConfigText | Should -Not -BeLike '*login_session*'
        (Get-ServerState).signin.token_calls | Should -Be $tokenCalls -Because 'a code that came back with the wrong state is never exchanged'
    }

    It 'fails with LoginTimeout when the tab is closed, after -ExecutionTimeout, and writes nothing' {
        $env:SCRIPTED_BROWSER_MODE = 'close'
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        { Invoke-AWSLogin -ProfileName console -Region us-east-1 -ExecutionTimeout 3000 -ErrorAction Stop } | Should -Throw -ErrorId 'LoginTimeout,*'
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 2.5
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        @(Get-CacheFile $LoginCache).Count | Should -Be 0
        Get-ConfigText | Should -Not -BeLike '*login_session*'
    }

    It 'fails with AccessDenied when the user clicks Deny' {
        $env:SCRIPTED_BROWSER_MODE = 'deny'
        { Invoke-AWSLogin -ProfileName console -Region us-east-1 -ExecutionTimeout 30000 -ErrorAction Stop } | Should -Throw -ErrorId 'AccessDenied,*'
        @(Get-CacheFile $LoginCache).Count | Should -Be 0
    }

    It 'with -WhatIf starts nothing, opens no browser and writes nothing' {
        $authorizeCalls = (Get-ServerState).signin.authorize_calls
        $result = Invoke-AWSLogin -ProfileName console -Region us-east-1 -WhatIf -ErrorAction Stop
        $result | Should -BeNullOrEmpty
        Test-Path -LiteralPath $ConfigPath | Should -BeFalse
        @(Get-CacheFile $LoginCache).Count | Should -Be 0
        Start-Sleep -Milliseconds 300
        @(Get-BrowserLog).Count | Should -Be 0
        (Get-ServerState).signin.authorize_calls | Should -Be $authorizeCalls
    }

    It 'fails with NoRegion without a region when it cannot ask' {
        { Invoke-AWSLogin -ProfileName console -ErrorAction Stop } | Should -Throw -ErrorId 'NoRegion,*'
        Test-Path -LiteralPath $ConfigPath | Should -BeFalse
    }

    It 'with -Remote fails at once with InvalidInput when it cannot read the code, and starts nothing' {
        { Invoke-AWSLogin -ProfileName console -Region us-east-1 -Remote -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'InvalidInput,*'
        Test-Path -LiteralPath $ConfigPath | Should -BeFalse
        @(Get-BrowserLog).Count | Should -Be 0
    }

    It 'refuses an identity change it cannot confirm (terminating InvalidInput), and -Force switches the profile' {
        $null = Invoke-AWSLogin -ProfileName console -Region us-east-1 -ErrorAction Stop
        $before = Get-ConfigText
        $null = Set-ServerKnob -Server signin -Name session_arn -Value $OtherArn
        { Invoke-AWSLogin -ProfileName console -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'InvalidInput,*'
        Get-ConfigText | Should -BeExactly $before
        @(Get-CacheFile $LoginCache).Count | Should -Be 1

        $result = Invoke-AWSLogin -ProfileName console -Force -ErrorAction Stop
        $result.LoginSession | Should -BeExactly $OtherArn
        (Get-ConfigSection 'profile console')['login_session'] | Should -BeExactly $OtherArn
    }

    It 'refuses a profile of another kind with ProfileConfig' {
        [System.IO.File]::WriteAllText($ConfigPath, "[profile keys]`naws_access_key_id = AKIDEXAMPLE000000001`n")
        { Invoke-AWSLogin -ProfileName keys -Region us-east-1 -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileConfig,*'
    }

    It 'shows Write-Progress while it waits, and Ctrl+C cancels the login within seconds, writing nothing' {
        $env:SCRIPTED_BROWSER_MODE = 'close'
        $ps = New-ModulePowerShell -Script 'Invoke-AWSLogin -ProfileName console -Region us-east-1 -ExecutionTimeout 60000'
        try {
            $handle = $ps.BeginInvoke()
            $until = [DateTime]::UtcNow.AddSeconds(30)
            while ($ps.Streams.Progress.Count -eq 0 -and [DateTime]::UtcNow -lt $until) {
                Start-Sleep -Milliseconds 100
            }
            $ps.Streams.Progress.Count | Should -BeGreaterThan 0
            $ps.Streams.Progress[0].Activity | Should -BeExactly 'Signing in profile console'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            $handle.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error.Count | Should -Be 0
        }
        finally {
            $ps.Dispose()
        }
        @(Get-CacheFile $LoginCache).Count | Should -Be 0
        Get-ConfigText | Should -Not -BeLike '*login_session*'
    }
}

Describe 'Invoke-AWSLogout' {
    BeforeEach {
        Reset-World
        $null = Invoke-AWSLogin -ProfileName console -Region us-east-1 -ErrorAction Stop
    }

    It 'removes the cached login; the profile keeps login_session and then fails to resolve with LoginRequired' {
        @(Get-CacheFile $LoginCache).Count | Should -Be 1
        $output = Invoke-AWSLogout -ProfileName console -Force -ErrorAction Stop
        $output | Should -BeNullOrEmpty
        @(Get-CacheFile $LoginCache).Count | Should -Be 0
        (Get-ConfigSection 'profile console')['login_session'] | Should -BeExactly $DefaultArn
        { Get-AWSCredential -ProfileName console -ErrorAction Stop } | Should -Throw -ErrorId 'LoginRequired,*'
    }

    It 'with -WhatIf removes nothing' {
        Invoke-AWSLogout -ProfileName console -WhatIf -ErrorAction Stop
        @(Get-CacheFile $LoginCache).Count | Should -Be 1
        $null = Get-AWSCredential -ProfileName console -ErrorAction Stop
    }

    It '-All removes the cached login of every profile' {
        $null = Set-ServerKnob -Server signin -Name session_arn -Value $OtherArn
        $null = Invoke-AWSLogin -ProfileName second -Region us-east-1 -ErrorAction Stop
        @(Get-CacheFile $LoginCache).Count | Should -Be 2
        Invoke-AWSLogout -All -Confirm:$false -ErrorAction Stop
        @(Get-CacheFile $LoginCache).Count | Should -Be 0
        { Get-AWSCredential -ProfileName second -ErrorAction Stop } | Should -Throw -ErrorId 'LoginRequired,*'
    }

    It 'fails with ProfileNotFound for an unknown profile' {
        { Invoke-AWSLogout -ProfileName nope -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileNotFound,*'
        @(Get-CacheFile $LoginCache).Count | Should -Be 1
    }
}

Describe 'Initialize-AWSSSOConfiguration' {
    BeforeEach {
        Reset-World
    }

    It 'writes the [sso-session] and the profile from its parameters' {
        $result = Initialize-DevProfile
        $result | Should -BeOfType ([AwsCredentialManager.AWSSSOConfiguration])
        $result.ProfileName | Should -BeExactly 'dev'
        $result.SessionName | Should -BeExactly 'corp'
        $result.FilesWritten | Should -Be @($ConfigPath)
        $session = Get-ConfigSection 'sso-session corp'
        $session['sso_start_url'] | Should -BeExactly $StartUrl
        $session['sso_region'] | Should -BeExactly 'us-east-1'
        $session['sso_registration_scopes'] | Should -BeExactly 'sso:account:access'
        $dev = Get-ConfigSection 'profile dev'
        $dev['sso_session'] | Should -BeExactly 'corp'
        $dev['sso_account_id'] | Should -BeExactly '111111111111'
        $dev['sso_role_name'] | Should -BeExactly 'ReadOnlyAccess'
        $dev['region'] | Should -BeExactly 'eu-west-1'
    }

    It 'names the sso-session after the profile by default' {
        $result = Initialize-AWSSSOConfiguration -ProfileName solo -StartUrl $StartUrl -SSORegion us-east-1 -AccountId 222222222222 -RoleName AdministratorAccess -ErrorAction Stop
        $result.SessionName | Should -BeExactly 'solo'
        (Get-ConfigSection 'profile solo')['sso_session'] | Should -BeExactly 'solo'
        (Get-ConfigSection 'sso-session solo')['sso_start_url'] | Should -BeExactly $StartUrl
    }

    It 'fails with InvalidInput when values are missing and it cannot ask, and writes nothing' {
        $result = Initialize-AWSSSOConfiguration -ProfileName dev -SessionName corp -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Test-Path -LiteralPath $ConfigPath | Should -BeFalse
    }

    It 'with -WhatIf writes nothing' {
        Initialize-AWSSSOConfiguration -ProfileName dev -SessionName corp -StartUrl $StartUrl -SSORegion us-east-1 -AccountId 111111111111 -RoleName ReadOnlyAccess -WhatIf -ErrorAction Stop
        Test-Path -LiteralPath $ConfigPath | Should -BeFalse
    }
}

Describe 'Invoke-AWSSSOLogin and Invoke-AWSSSOLogout' {
    BeforeEach {
        Reset-World
        $null = Initialize-DevProfile
    }

    It 'signs in through the browser (authorization code), then says AlreadyLoggedIn; the profile resolves to the portal''s role keys' {
        $result = Invoke-AWSSSOLogin -ProfileName dev -ErrorAction Stop -InformationVariable shown
        $result | Should -BeOfType ([AwsCredentialManager.AWSSSOLoginResult])
        $result.Status | Should -BeExactly 'LoggedIn'
        $result.SessionName | Should -BeExactly 'corp'
        $result.Region | Should -BeExactly 'us-east-1'
        $result.ExpiresAt | Should -BeGreaterThan ([DateTime]::UtcNow)
        Test-Path -LiteralPath $result.CacheFile | Should -BeTrue
        $result.CacheFile | Should -BeLike (Join-Path $HomeFolder '.aws/sso/cache/*.json')
        Get-HostText $shown | Should -BeLike "*$($Urls.sso)/authorize?*"
        @(Wait-BrowserLog -Like "follow 302 $($Urls.sso)/authorize?*").Count | Should -Be 1

        $again = Invoke-AWSSSOLogin -ProfileName dev -ErrorAction Stop -Verbose 4>&1
        $records = @($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $objects = @($again | Where-Object { $_ -is [AwsCredentialManager.AWSSSOLoginResult] })
        $objects.Count | Should -Be 1
        $objects[0].Status | Should -BeExactly 'AlreadyLoggedIn'
        $records.Count | Should -BeGreaterThan 0

        $credential = Get-AWSCredential -ProfileName dev -ErrorAction Stop
        $credential.GetCredentials().AccessKey | Should -BeExactly (Get-ServerState).sso.issued[-1]
    }

    It 'signs in to a named sso-session' {
        $result = Invoke-AWSSSOLogin -SessionName corp -ErrorAction Stop
        $result.Status | Should -BeExactly 'LoggedIn'
        $result.SessionName | Should -BeExactly 'corp'
        (Invoke-AWSSSOLogin -ProfileName dev -ErrorAction Stop).Status | Should -BeExactly 'AlreadyLoggedIn'
    }

    It 'signs in with -UseDeviceCode: shows the user code and opens the device page' {
        $result = Invoke-AWSSSOLogin -ProfileName dev -UseDeviceCode -Force -ErrorAction Stop -InformationVariable shown
        $result.Status | Should -BeExactly 'LoggedIn'
        $code = (Get-ServerState).sso.last_user_code
        $code | Should -Not -BeNullOrEmpty
        Get-HostText $shown | Should -BeLike "*$code*"
        @(Wait-BrowserLog -Like "follow 200 $($Urls.sso)/device?user_code=*").Count | Should -Be 1
        $null = Get-AWSCredential -ProfileName dev -ErrorAction Stop
    }

    It 'with -NoBrowser opens no browser' {
        $env:SCRIPTED_BROWSER_MODE = 'close'
        { Invoke-AWSSSOLogin -ProfileName dev -NoBrowser -ExecutionTimeout 2000 -ErrorAction Stop } | Should -Throw -ErrorId 'LoginTimeout,*'
        Start-Sleep -Milliseconds 300
        @(Get-BrowserLog).Count | Should -Be 0
        @(Get-CacheFile $SsoCache | Where-Object { (Get-Content -Raw -LiteralPath $_) -like '*accessToken*' }).Count | Should -Be 0
    }

    It 'tries each $BROWSER alternative in turn, and appends the URL to a command without %s' {
        $browser = $env:BROWSER
        $env:BROWSER = "$(Join-Path $TestDrive 'no-such-browser'):$Python $(Join-Path $Repo 'tests/integration/scripted_browser.py')"
        try {
            $result = Invoke-AWSSSOLogin -ProfileName dev -Force -ErrorAction Stop -WarningVariable warned
        }
        finally {
            $env:BROWSER = $browser
        }
        $result.Status | Should -BeExactly 'LoggedIn'
        $warned.Count | Should -Be 0
        @(Wait-BrowserLog -Like "follow 302 $($Urls.sso)/authorize?*").Count | Should -Be 1
    }

    It 'warns when no browser can be started, and still shows the page' {
        $browser = $env:BROWSER
        $env:BROWSER = Join-Path $TestDrive 'no-such-browser'
        try {
            $result = Invoke-AWSSSOLogin -ProfileName dev -Force -ExecutionTimeout 1500 -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue -InformationVariable shown
        }
        finally {
            $env:BROWSER = $browser
        }
        $result | Should -BeNullOrEmpty
        $warned.Count | Should -Be 1
        Get-HostText $shown | Should -BeLike "*$($Urls.sso)/authorize?*"
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LoginTimeout,*'
    }

    It 'fails with LoginStateMismatch on a tampered state and caches no token' {
        $env:SCRIPTED_BROWSER_MODE = 'tamper-state'
        { Invoke-AWSSSOLogin -ProfileName dev -ExecutionTimeout 30000 -ErrorAction Stop } | Should -Throw -ErrorId 'LoginStateMismatch,*'
        @(Get-CacheFile $SsoCache | Where-Object { (Get-Content -Raw -LiteralPath $_) -like '*accessToken*' }).Count | Should -Be 0
    }

    It 'fails with ProfileConfig for a profile that is not an SSO profile, and starts nothing' {
        [System.IO.File]::AppendAllText($ConfigPath, "`n[profile keys]`naws_access_key_id = AKIDEXAMPLE000000001`n")
        $registrations = (Get-ServerState).sso.registrations
        { Invoke-AWSSSOLogin -ProfileName keys -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileConfig,*'
        (Get-ServerState).sso.registrations | Should -Be $registrations
        @(Get-BrowserLog).Count | Should -Be 0
    }

    It 'Invoke-AWSSSOLogout ends every session; the profile then fails to resolve with LoginRequired' {
        $result = Invoke-AWSSSOLogin -ProfileName dev -ErrorAction Stop
        $null = Get-AWSCredential -ProfileName dev -ErrorAction Stop
        $logouts = (Get-ServerState).sso.logouts
        $output = Invoke-AWSSSOLogout -ErrorAction Stop
        $output | Should -BeNullOrEmpty
        Test-Path -LiteralPath $result.CacheFile | Should -BeFalse
        (Get-ServerState).sso.logouts | Should -Be ($logouts + 1)
        { Get-AWSCredential -ProfileName dev -ErrorAction Stop } | Should -Throw -ErrorId 'LoginRequired,*'
    }

    It 'Invoke-AWSSSOLogout -ProfileName ends that session; -WhatIf ends nothing' {
        $result = Invoke-AWSSSOLogin -ProfileName dev -ErrorAction Stop
        Invoke-AWSSSOLogout -ProfileName dev -WhatIf -ErrorAction Stop
        Test-Path -LiteralPath $result.CacheFile | Should -BeTrue
        Invoke-AWSSSOLogout -ProfileName dev -ErrorAction Stop
        Test-Path -LiteralPath $result.CacheFile | Should -BeFalse
        { Get-AWSCredential -ProfileName dev -ErrorAction Stop } | Should -Throw -ErrorId 'LoginRequired,*'
    }
}

Describe 'Get-STSCallerIdentity right after a sign-in' {
    BeforeAll {
        Import-Module -Name (Join-Path $PSScriptRoot 'pester/LocalAws.psm1') -Force -ErrorAction Stop
        $LocalAws = Start-LocalAws -StateDirectory (Join-Path $TestDrive 'localaws')
    }

    AfterAll {
        Stop-LocalAws $LocalAws
        Remove-Item -LiteralPath env:AWS_ENDPOINT_URL_STS -ErrorAction SilentlyContinue
    }

    BeforeEach {
        Reset-World
        Remove-Item -LiteralPath env:AWS_ENDPOINT_URL_STS -ErrorAction SilentlyContinue
    }

    It 'signs STS GetCallerIdentity with the console login''s keys' {
        $null = Invoke-AWSLogin -ProfileName console -Region us-east-1 -ErrorAction Stop
        $env:AWS_ENDPOINT_URL_STS = $LocalAws.ProxyUrl
        $skip = @(Get-LocalAwsRequest $LocalAws).Count
        (Get-STSCallerIdentity -ProfileName console -ErrorAction Stop).Arn | Should -Not -BeNullOrEmpty
        $calls = @(Get-LocalAwsRequest $LocalAws -Action GetCallerIdentity -Skip $skip)
        $calls.Count | Should -Be 1
        $calls[0].key | Should -BeExactly (Get-ServerState).signin.issued[-1]
    }

    It 'signs STS GetCallerIdentity with the IAM Identity Center role''s keys' {
        $null = Initialize-DevProfile
        $null = Invoke-AWSSSOLogin -ProfileName dev -ErrorAction Stop
        $env:AWS_ENDPOINT_URL_STS = $LocalAws.ProxyUrl
        $skip = @(Get-LocalAwsRequest $LocalAws).Count
        (Get-STSCallerIdentity -ProfileName dev -ErrorAction Stop).Arn | Should -Not -BeNullOrEmpty
        $calls = @(Get-LocalAwsRequest $LocalAws -Action GetCallerIdentity -Skip $skip)
        $calls.Count | Should -Be 1
        $calls[0].key | Should -BeExactly (Get-ServerState).sso.issued[-1]
    }
}

Describe 'Interactive sessions (a person at a pseudo-terminal)' -Skip:($IsWindows) {
    BeforeEach {
        Reset-World
    }

    It 'Invoke-AWSLogin -Remote asks for the missing region (Enter: us-east-1) and reads the code the sign-in page shows' {
        $run = Invoke-Interactive -Script '$r = Invoke-AWSLogin -ProfileName remote -Remote; "RESULT:" + $r.LoginSession + ":" + $r.Region' -Steps @(
            @{ expect = 'AWS Region \[us-east-1\]: '; send = '' }
            @{ expect = '(?P<url>http://\S+/v1/authorize\?\S+)\s[\s\S]*Code: '; code_from = 'url' }
        )
        $run.failed | Should -BeNullOrEmpty
        $run.output | Should -Match "RESULT:$([regex]::Escape($DefaultArn)):us-east-1"
        $run.exit_code | Should -Be 0
        $section = Get-ConfigSection 'profile remote'
        $section['login_session'] | Should -BeExactly $DefaultArn
        $section['region'] | Should -BeExactly 'us-east-1'
        @(Get-CacheFile $LoginCache).Count | Should -Be 1
        @(Get-BrowserLog).Count | Should -Be 0 -Because '-Remote opens no browser here'
    }

    It 'Invoke-AWSLogin asks before it switches the identity of a profile: yes switches, no fails with InvalidInput and writes nothing' {
        $null = Invoke-AWSLogin -ProfileName console -Region us-east-1 -ErrorAction Stop
        $null = Set-ServerKnob -Server signin -Name session_arn -Value $OtherArn
        $before = Get-ConfigText

        $run = Invoke-Interactive -Script '$r = Invoke-AWSLogin -ProfileName console; "RESULT:" + $r.LoginSession' -Steps @(
            @{ expect = 'Switch the profile'; send = 'n' }
        )
        $run.failed | Should -BeNullOrEmpty
        $run.output | Should -Match 'ERRORID:InvalidInput,'
        $run.exit_code | Should -Be 3
        Get-ConfigText | Should -BeExactly $before

        $run = Invoke-Interactive -Script '$r = Invoke-AWSLogin -ProfileName console; "RESULT:" + $r.LoginSession' -Steps @(
            @{ expect = 'Switch the profile'; send = 'y' }
        )
        $run.failed | Should -BeNullOrEmpty
        $run.output | Should -Match "RESULT:$([regex]::Escape($OtherArn))"
        $run.exit_code | Should -Be 0
        (Get-ConfigSection 'profile console')['login_session'] | Should -BeExactly $OtherArn
    }

    It 'Initialize-AWSSSOConfiguration asks for what is missing, with the accounts and roles of the cached token as numbered choices' {
        $null = Initialize-DevProfile
        $null = Invoke-AWSSSOLogin -ProfileName dev -ErrorAction Stop
        $run = Invoke-Interactive -Script '$r = Initialize-AWSSSOConfiguration -ProfileName prod -SessionName corp; "RESULT:" + $r.ProfileName + ":" + $r.SessionName' -Steps @(
            @{ expect = 'SSO start URL[^\n]*: '; send = '' }
            @{ expect = 'SSO region[^\n]*: '; send = '' }
            @{ expect = '2: 222222222222 \(Production[\s\S]*default is'; send = '2' }
            @{ expect = '1: AdministratorAccess[\s\S]*default is'; send = '1' }
            @{ expect = 'Default region[^\n]*: '; send = 'eu-west-2' }
        )
        $run.failed | Should -BeNullOrEmpty
        $run.output | Should -Match 'RESULT:prod:corp'
        $run.exit_code | Should -Be 0
        $prod = Get-ConfigSection 'profile prod'
        $prod['sso_session'] | Should -BeExactly 'corp'
        $prod['sso_account_id'] | Should -BeExactly '222222222222'
        $prod['sso_role_name'] | Should -BeExactly 'AdministratorAccess'
        $prod['region'] | Should -BeExactly 'eu-west-2'
        (Get-ConfigSection 'sso-session corp')['sso_start_url'] | Should -BeExactly $StartUrl
        (Get-AWSCredential -ProfileName prod -ErrorAction Stop).GetCredentials().AccessKey | Should -BeExactly (Get-ServerState).sso.issued[-1]
    }
}
