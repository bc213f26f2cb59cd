namespace RegistryCheck.Data.Entities;

/// <summary>
/// Optimistic concurrency that works on every provider: SQL Server's rowversion and PostgreSQL's xmin are
/// provider-specific, so the context increments this counter itself and EF checks it in the WHERE clause.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
