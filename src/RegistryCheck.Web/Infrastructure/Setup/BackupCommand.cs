using RegistryCheck.Web.Infrastructure.Database;

namespace RegistryCheck.Web.Infrastructure.Setup;

/// <summary>
/// <c>dotnet RegistryCheck.Web.dll backup [file]</c>: writes a checked copy of the embedded SQLite database (by default
/// under the data folder's backups/) while the portal may go on running, prints where it is and exits. On
/// PostgreSQL or SQL Server it says which tool to use instead and exits with 2 (docs/operations.md).
/// </summary>
public static class BackupCommand
{
    public const string Name = "backup";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>The optional file name is the argument after the command unless it is a setting (--Database:…).</summary>
    public static string? Target(string[] args) => args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null;

    public static string[] HostArgs(string[] args) => IsRequested(args) ? args.Skip(Target(args) is null ? 1 : 2).ToArray() : args;

    public static async Task<int> RunAsync(IServiceProvider services, string? target, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DatabaseBackup>().RunAsync(target, ct);
        await (result.Succeeded ? output : error).WriteLineAsync(result.Message);
        return result.Succeeded ? 0 : result.Path is null ? 2 : 1;
    }
}
