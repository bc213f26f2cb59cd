using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using RegistryCheck.Data;

namespace RegistryCheck.Web.Features.Import;

/// <summary>
/// One INSERT of an entity type, prepared once on the transaction's connection and executed per row with its
/// parameters rebound (ADR-028). Table, columns, quoting, value converters and parameter types all come from EF's
/// model and type mappings, so a row holds exactly what SaveChanges would have written for the same entity.
/// Microsoft.Data.Sqlite keeps no statement cache: without this, SQLite parses every INSERT anew.
/// </summary>
public sealed class PreparedInsert : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly (System.Reflection.PropertyInfo Property, DbParameter Parameter, Func<object?, object?> ToProvider)[] _columns;
    private readonly IProperty? _key;

    private PreparedInsert(DbCommand command, (System.Reflection.PropertyInfo, DbParameter, Func<object?, object?>)[] columns, IProperty? key)
    {
        _command = command;
        _columns = columns;
        _key = key;
    }

    /// <param name="returnKey">Read the store-generated key back (RETURNING, SQLite ≥ 3.35 and PostgreSQL) into the entity.</param>
    public static async Task<PreparedInsert> CreateAsync<TEntity>(RegistryDbContext db, bool returnKey, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model");
        var tableName = entity.GetTableName() ?? throw new InvalidOperationException($"{entity.DisplayName()} has no table");
        var table = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A prepared insert belongs to the commit's transaction");

        var columns = new List<(System.Reflection.PropertyInfo, DbParameter, Func<object?, object?>)>();
        var names = new List<string>();
        var placeholders = new List<string>();
        foreach (var property in entity.GetProperties())
        {
            if (property == key && key.ValueGenerated == ValueGenerated.OnAdd)
            {
                continue;
            }

            // A value the database would make (a default, a computed column) is not in SaveChanges' INSERT either
            // unless set; refusing here keeps this path from silently writing something else than EF would.
            if (property.ValueGenerated != ValueGenerated.Never || property.GetDefaultValueSql() is not null || property.GetComputedColumnSql() is not null
                || property.PropertyInfo is null)
            {
                throw new NotSupportedException($"{entity.DisplayName()}.{property.Name} is store-generated or a shadow property: extend PreparedInsert before using it here");
            }

            var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
            var name = "p" + columns.Count;
            var parameter = mapping.CreateParameter(command, sql.GenerateParameterName(name), null, property.IsNullable);
            command.Parameters.Add(parameter);
            var converter = mapping.Converter;
            columns.Add((property.PropertyInfo, parameter, converter is null ? v => v : converter.ConvertToProvider));
            names.Add(sql.DelimitIdentifier(property.GetColumnName(table)!));
            placeholders.Add(sql.GenerateParameterNamePlaceholder(name));
        }

        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(tableName, entity.GetSchema())} ({string.Join(", ", names)}) VALUES ({string.Join(", ", placeholders)})"
            + (returnKey ? $" RETURNING {sql.DelimitIdentifier(key.GetColumnName(table)!)}" : "");
        await command.PrepareAsync(ct);
        return new PreparedInsert(command, [.. columns], returnKey ? key : null);
    }

    /// <summary>Inserts one entity; with a returned key, sets it on the entity as SaveChanges would.</summary>
    public async Task InsertAsync(object entity, CancellationToken ct)
    {
        foreach (var (property, parameter, toProvider) in _columns)
        {
            parameter.Value = toProvider(property.GetValue(entity)) ?? DBNull.Value;
        }

        if (_key is null)
        {
            await _command.ExecuteNonQueryAsync(ct);
            return;
        }

        var id = await _command.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException("The insert returned no key");
        _key.PropertyInfo!.SetValue(entity, Convert.ChangeType(id, _key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
