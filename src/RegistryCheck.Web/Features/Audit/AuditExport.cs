using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;
using RegistryCheck.Web.Infrastructure.Spreadsheets;

namespace RegistryCheck.Web.Features.Audit;

/// <summary>
/// The filtered log as CSV (UTF-8 with BOM, so Excel reads the Chinese). A value that starts with = + - @ or a
/// tab/CR gets a leading apostrophe so Excel shows it as text instead of running it. The export is audited.
/// </summary>
public sealed class AuditExportHandler(AuditQueryHandler query, CampaignClock clock, AuditLog audit, IStringLocalizer<SharedResource> l)
{
    public const int MaxRows = 100_000;

    public async Task<byte[]> HandleAsync(AuditFilter filter, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        {
            // RFC 4180 line ends, whatever the server's OS.
            writer.NewLine = "\r\n";
            await writer.WriteLineAsync(l["时间（北京时间）,用户名,显示名,操作,对象类型,对象编号,详情,IP,结果,次数,最后一次（北京时间）"].Value);
            var rows = 0;
            await foreach (var r in query.StreamAsync(filter, MaxRows).WithCancellation(ct))
            {
                rows++;
                var line = string.Join(',', new[]
                {
                    clock.ToLocal(r.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    r.ActorUserName, r.ActorName, r.Action, r.TargetType, r.TargetId, r.Details, r.IpAddress,
                    r.Succeeded ? "ok" : "failed",
                    r.Count.ToString(CultureInfo.InvariantCulture),
                    r.LastAt is DateTime last ? clock.ToLocal(last).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "",
                }.Select(FormulaGuard.CsvField));
                await writer.WriteLineAsync(line);
            }

            await audit.WriteNowAsync(AuditActions.Export, "audit-log", null, string.Create(CultureInfo.InvariantCulture, $"csv rows={rows}"));
        }

        return buffer.ToArray();
    }
}
