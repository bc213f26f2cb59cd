using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Web.Infrastructure.Database;

namespace RegistryCheck.Web.Infrastructure.Setup;

/// <summary>
/// <c>dotnet RegistryCheck.Web.dll create-admin &lt;username&gt;</c>: creates or promotes an administrator and
/// exits without starting the web server. The password comes from the REGISTRYCHECK_ADMIN_PASSWORD environment
/// variable, or standard input (piped, or typed twice without echo at a terminal); never from the command line,
/// where it would land in the shell history and the process list. Migrates first when the configuration says so.
/// </summary>
public static class CreateAdminCommand
{
    public const string Name = "create-admin";
    public const string PasswordVariable = "REGISTRYCHECK_ADMIN_PASSWORD";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>The arguments left for the host's configuration (e.g. --Database:Provider=SqlServer).</summary>
    public static string[] HostArgs(string[] args) => IsRequested(args) ? args.Skip(2).ToArray() : args;

    /// <summary>From Program: reads the password from the environment or the console, then runs.</summary>
    public static Task<int> RunFromConsoleAsync(IServiceProvider services, string[] args)
    {
        if (args.Length < 2 || string.IsNullOrWhiteSpace(args[1]) || args[1].StartsWith('-'))
        {
            Console.Error.WriteLine($"Usage: dotnet RegistryCheck.Web.dll {Name} <username>   (password from {PasswordVariable} or standard input)");
            return Task.FromResult(2);
        }

        return RunAsync(services, args[1], () => Environment.GetEnvironmentVariable(PasswordVariable) ?? ReadPassword(), Console.Out, Console.Error);
    }

    public static async Task<int> RunAsync(IServiceProvider services, string userName, Func<string?> readPassword, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var password = readPassword();
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync($"No password: set {PasswordVariable} or pipe it to standard input.");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        if (options.ShouldMigrate)
        {
            await scope.ServiceProvider.GetRequiredService<RegistryDbContext>().Database.MigrateAsync(ct);
        }

        var result = await scope.ServiceProvider.GetRequiredService<AdministratorBootstrap>().CreateOrPromoteAsync(userName, password, Name, ct);
        await (result.Succeeded ? output : error).WriteLineAsync(result.Message);
        return result.Succeeded ? 0 : 1;
    }

    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        Console.Write("Password: ");
        var first = ReadHidden();
        Console.Write("Repeat password: ");
        var second = ReadHidden();
        if (first != second)
        {
            Console.Error.WriteLine("The passwords differ.");
            return null;
        }

        return first;
    }

    private static string ReadHidden()
    {
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.WriteLine();
                return new string([.. chars]);
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Count > 0)
                {
                    chars.RemoveAt(chars.Count - 1);
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                chars.Add(key.KeyChar);
            }
        }
    }
}
