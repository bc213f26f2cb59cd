using System.Text;

namespace RegistryCheck.Web.Infrastructure.Dbf;

/// <summary>
/// A dBase III/IV table read from memory: its header, its field descriptors, and its live records (deleted ones are
/// skipped). Values are the text the fields hold, trimmed; an empty field is "". Fields of a type the reader does not
/// decode (memo, general, binary) come back as null, so the caller can say it ignored them.
/// </summary>
public sealed class DbfTable
{
    internal DbfTable(byte version, DateOnly? lastUpdate, int declaredRecords, byte languageDriver, Encoding encoding,
        IReadOnlyList<DbfFieldDescriptor> fields, int headerLength, int recordLength, byte[] content)
    {
        Version = version;
        LastUpdate = lastUpdate;
        DeclaredRecords = declaredRecords;
        LanguageDriver = languageDriver;
        Encoding = encoding;
        Fields = fields;
        HeaderLength = headerLength;
        RecordLength = recordLength;
        _content = content;
    }

    private readonly byte[] _content;

    /// <summary>The first header byte: 0x03 dBase III, 0x83 dBase III with memo, 0x04/0x8B dBase IV, 0x30 Visual FoxPro, …</summary>
    public byte Version { get; }

    /// <summary>The date of the last update the header states, or null when the bytes are no valid date.</summary>
    public DateOnly? LastUpdate { get; }

    /// <summary>Records the header states, deleted ones included (the reader has checked the file holds exactly these).</summary>
    public int DeclaredRecords { get; }

    /// <summary>Byte 29 of the header: the code page the writing tool used (0x4D / 0x7A: GBK).</summary>
    public byte LanguageDriver { get; }

    public Encoding Encoding { get; }

    public IReadOnlyList<DbfFieldDescriptor> Fields { get; }

    public int HeaderLength { get; }

    public int RecordLength { get; }

    /// <summary>
    /// The live records in file order, each with its 1-based position among all records (deleted ones counted, as a
    /// dBase tool numbers them). Streamed: one record's strings at a time.
    /// </summary>
    public IEnumerable<DbfRecord> Records()
    {
        for (var i = 0; i < DeclaredRecords; i++)
        {
            var start = HeaderLength + (i * RecordLength);
            var flag = _content[start];
            if (flag == (byte)'*')
            {
                continue;
            }

            if (flag != (byte)' ')
            {
                throw new DbfFormatException(DbfProblem.BadRecord, found: i + 1);
            }

            var values = new string?[Fields.Count];
            for (var f = 0; f < Fields.Count; f++)
            {
                values[f] = DbfReader.Decode(Fields[f], _content.AsSpan(start + Fields[f].Offset, Fields[f].Length), Encoding);
            }

            yield return new DbfRecord(i + 1, values);
        }
    }
}

/// <summary>A live record: its 1-based record number and one value per field (null for a type the reader does not decode).</summary>
public sealed record DbfRecord(int Number, string?[] Values);
