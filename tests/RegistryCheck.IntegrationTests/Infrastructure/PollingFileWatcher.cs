using System.Runtime.CompilerServices;

namespace RegistryCheck.IntegrationTests.Infrastructure;

/// <summary>
/// Every portal in this test process watches wwwroot (asp-append-version) and its configuration files. With inotify
/// that costs one of the user's 128 inotify instances per portal, and a few hundred test portals over a run (several
/// alive at once, the process portals of the kill tests beside them) ran out of them. Polling watchers cost none.
/// </summary>
internal static class PollingFileWatcher
{
    [ModuleInitializer]
    internal static void Use() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
}
