using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.CodeValues;

/// <summary>One stored value outside its code table, how many students hold it, and the table's value it maps to, if any.</summary>
public sealed record OutOfTableValue(RecordField Field, string Value, int Students, string? Suggestion);

/// <summary>
/// 民族 and 政治面貌 were free text before the code tables: the values still stored that the tables do not hold. The
/// database groups (a handful of distinct values per field, whatever the number of students); the table test runs here.
/// </summary>
public sealed class OutOfTableValuesHandler(RegistryDbContext db)
{
    public async Task<IReadOnlyList<OutOfTableValue>> HandleAsync(CancellationToken ct)
    {
        var ethnicity = await db.Students.AsNoTracking().GroupBy(s => s.Ethnicity)
            .Select(g => new { Value = g.Key, Count = g.Count() }).ToListAsync(ct);
        var political = await db.Students.AsNoTracking().GroupBy(s => s.PoliticalStatus)
            .Select(g => new { Value = g.Key, Count = g.Count() }).ToListAsync(ct);
        return Outside(RecordField.Ethnicity, CodeTables.Ethnicity, ethnicity.Select(x => ((string?)x.Value, x.Count)))
            .Concat(Outside(RecordField.PoliticalStatus, CodeTables.PoliticalStatus, political.Select(x => (x.Value, x.Count))))
            .ToList();
    }

    private static IEnumerable<OutOfTableValue> Outside(RecordField field, CodeTable table, IEnumerable<(string? Value, int Count)> groups) =>
        groups.Where(g => !string.IsNullOrEmpty(g.Value) && !table.Contains(g.Value))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Value, StringComparer.Ordinal)
            .Select(g => new OutOfTableValue(field, g.Value!, g.Count, table.Find(g.Value, acceptVariants: true)));
}
