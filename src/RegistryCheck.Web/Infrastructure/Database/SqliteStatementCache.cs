using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace RegistryCheck.Web.Infrastructure.Database;

/// <summary>
/// The prepared commands of one open SQLite connection, keyed by their SQL text, least recently used evicted first.
/// SQLite compiles every statement before it runs it, and Microsoft.Data.Sqlite keeps the compiled statement only as
/// long as the command object that prepared it; EF creates a new command for every query, so without this every query
/// was compiled again (on the record page the compile cost more than the run: ADR-031, docs/performance.md).
/// </summary>
/// <remarks>
/// A command is lent to one executing command at a time; a second user of the same text meanwhile (a query run
/// while another one's reader is still open) gets a command of its own, not kept. Used only by the connection's own
/// request, so it needs no lock. The connection stays open for as long as it is used (SqliteOpenConnections); closing it
/// disposes these commands with it, and a closed connection is never handed out again.
/// </remarks>
public sealed class SqliteStatementCache(SqliteConnection connection, int capacity)
{
    private static readonly ConditionalWeakTable<SqliteConnection, SqliteStatementCache> Caches = [];

    private readonly Dictionary<string, LinkedListNode<Entry>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();

    private sealed class Entry(string text, SqliteCommand command)
    {
        public string Text { get; } = text;
        public SqliteCommand Command { get; } = command;
        public bool Lent { get; set; }
    }

    public static SqliteStatementCache Of(SqliteConnection connection, int capacity) =>
        Caches.GetValue(connection, c => new SqliteStatementCache(c, capacity));

    public int Count => _byText.Count;

    /// <summary>Commands lent and not yet given back: queries of this connection still running or reading.</summary>
    public int Lent { get; private set; }

    public static bool HasLent(SqliteConnection connection) => Caches.TryGetValue(connection, out var cache) && cache.Lent > 0;

    /// <summary>A command for <paramref name="text"/>, prepared already if it ran on this connection before.</summary>
    public SqliteCommand Rent(string text)
    {
        Lent++;
        if (_byText.TryGetValue(text, out var node))
        {
            if (node.Value.Lent)
            {
                return NewCommand(text);
            }

            node.Value.Lent = true;
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Command;
        }

        var command = NewCommand(text);
        if (_byText.Count >= capacity)
        {
            Evict();
        }

        var added = _recent.AddFirst(new Entry(text, command) { Lent = true });
        _byText.Add(text, added);
        return command;
    }

    /// <summary>Takes a command back; one that was not kept is disposed.</summary>
    public void Return(SqliteCommand command)
    {
        Lent--;
        command.Parameters.Clear();
        command.Transaction = null;
        if (_byText.TryGetValue(command.CommandText, out var node) && ReferenceEquals(node.Value.Command, command))
        {
            node.Value.Lent = false;
            return;
        }

        command.Dispose();
    }

    private SqliteCommand NewCommand(string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        return command;
    }

    /// <summary>Drops the least recently used command that is not lent (finalising its statements).</summary>
    private void Evict()
    {
        for (var node = _recent.Last; node is not null; node = node.Previous)
        {
            if (!node.Value.Lent)
            {
                _recent.Remove(node);
                _byText.Remove(node.Value.Text);
                node.Value.Command.Dispose();
                return;
            }
        }
    }
}
