namespace RegistryCheck.IntegrationTests.Infrastructure;

/// <summary>
/// The portal's log files as an operator reads them. A background writer writes the lines in order, so a test
/// waits for the last line it expects; everything logged before that line is then in the files too.
/// </summary>
public static class LogFiles
{
    public static async Task<string> WaitForAsync(string dataFolder, params string[] expected)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var text = Read(dataFolder);
            if (expected.All(e => text.Contains(e, StringComparison.Ordinal)) || DateTime.UtcNow > until)
            {
                return text;
            }

            await Task.Delay(50);
        }
    }

    private static string Read(string dataFolder)
    {
        var folder = Path.Combine(dataFolder, "logs");
        return Directory.Exists(folder)
            ? string.Concat(Directory.GetFiles(folder).Select(f =>
            {
                // Serilog holds the file open; share it for reading.
                using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                return new StreamReader(stream).ReadToEnd();
            }))
            : string.Empty;
    }
}
