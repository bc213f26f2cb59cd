using System.Buffers.Binary;
using System.Text;
using RegistryCheck.Web.Infrastructure.Dbf;

namespace RegistryCheck.UnitTests.Dbf;

/// <summary>
/// The writer's output parsed here by byte offsets (dBase III: a 32-byte header, 32-byte field descriptors, 0x0D,
/// fixed-width records with a deletion flag, 0x1A), and GBK checked against byte values from the GBK table rather
/// than against the encoder the writer uses.
/// </summary>
public class DbfWriterTests
{
    private static readonly DateOnly Day = new(2026, 12, 1);

    private static readonly byte[] Zhong = [0xD6, 0xD0]; // 中
    private static readonly byte[] Wen = [0xCE, 0xC4]; // 文
    private static readonly byte[] MiddleDot = [0xA1, 0xA4]; // · U+00B7

    private sealed record Field(string Name, char Type, int Length, int Decimals);

    private sealed record Table(byte[] Bytes, int Count, int HeaderLength, int RecordLength, IReadOnlyList<Field> Fields)
    {
        public byte[] Value(int record, int field)
        {
            var at = HeaderLength + (record * RecordLength) + 1 + Fields.Take(field).Sum(f => f.Length);
            return Bytes.AsSpan(at, Fields[field].Length).ToArray();
        }

        public byte DeletionFlag(int record) => Bytes[HeaderLength + (record * RecordLength)];
    }

    private static Table Parse(byte[] bytes)
    {
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var recordLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10));
        var fields = new List<Field>();
        for (var at = 32; bytes[at] != 0x0D; at += 32)
        {
            var name = Encoding.ASCII.GetString(bytes, at, 11).TrimEnd('\0');
            fields.Add(new Field(name, (char)bytes[at + 11], bytes[at + 16], bytes[at + 17]));
        }

        return new Table(bytes, count, headerLength, recordLength, fields);
    }

    private static byte[] Write(IReadOnlyList<DbfWriter.Column> columns, params string[][] rows)
    {
        using var stream = new MemoryStream();
        DbfWriter.Write(stream, columns, rows, Day);
        return stream.ToArray();
    }

    private static byte[] Padded(int length, params byte[][] parts)
    {
        var bytes = Enumerable.Repeat((byte)' ', length).ToArray();
        parts.SelectMany(p => p).ToArray().CopyTo(bytes, 0);
        return bytes;
    }

    [Fact]
    public void The_header_is_dbase_iii_with_the_gbk_language_driver_and_one_descriptor_per_field()
    {
        var bytes = Write([new("XH", 15), new("XM", 40)], ["2026010001", "中文"], ["2026010002", "文"]);

        Assert.Equal(0x03, bytes[0]);
        Assert.Equal([126, 12, 1], bytes[1..4]);
        var table = Parse(bytes);
        Assert.Equal(2, table.Count);
        Assert.Equal(32 + (2 * 32) + 1, table.HeaderLength);
        Assert.Equal(1 + 15 + 40, table.RecordLength);
        Assert.Equal(0x7A, bytes[29]);
        Assert.Equal([new Field("XH", 'C', 15, 0), new Field("XM", 'C', 40, 0)], table.Fields);
        Assert.Equal(0x0D, bytes[table.HeaderLength - 1]);
        Assert.Equal(table.HeaderLength + (2 * table.RecordLength) + 1, bytes.Length);
        Assert.Equal(0x1A, bytes[^1]);
        Assert.Equal((byte)' ', table.DeletionFlag(0));
        Assert.Equal(Padded(15, Encoding.ASCII.GetBytes("2026010001")), table.Value(0, 0));
        Assert.Equal(Padded(40, Zhong, Wen), table.Value(0, 1));
        Assert.Equal(Padded(40, Wen), table.Value(1, 1));
    }

    [Fact]
    public void An_empty_table_still_has_its_header_terminator_and_end_of_file()
    {
        var bytes = Write([new("XH", 15)]);

        var table = Parse(bytes);
        Assert.Equal(0, table.Count);
        Assert.Equal(table.HeaderLength + 1, bytes.Length);
        Assert.Equal(0x1A, bytes[^1]);
    }

    [Fact]
    public void Widths_are_counted_in_bytes_so_two_chinese_characters_fill_four_and_a_third_widens_the_field()
    {
        var fits = DbfWriter.Fit([new("XM", 4)], [["中文"], ["abcd"]]);
        Assert.Equal(4, Assert.Single(fits.Columns).Bytes);
        Assert.Equal([0, 1], fits.WritableRows);

        var widened = DbfWriter.Fit([new("XM", 4)], [["中文"], ["中文中"], ["a"]]);
        Assert.Equal(6, Assert.Single(widened.Columns).Bytes);
        Assert.Empty(widened.Problems);

        var table = Parse(Write(widened.Columns, ["中文中"]));
        Assert.Equal(6, table.Fields[0].Length);
        Assert.Equal([.. Zhong, .. Wen, .. Zhong], table.Value(0, 0));
    }

    [Fact]
    public void A_field_is_never_narrower_than_asked()
    {
        var plan = DbfWriter.Fit([new("BZ", 200)], [["短"]]);
        Assert.Equal(200, plan.Columns[0].Bytes);
    }

    [Fact]
    public void A_value_longer_than_254_bytes_is_reported_and_its_row_left_out_never_cut()
    {
        var longValue = new string('备', 128); // 256 bytes
        var plan = DbfWriter.Fit([new("XH", 15), new("BZ", 200)], [["1", longValue], ["2", new string('备', 127)]]);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(new DbfWriter.Problem(0, "BZ", DbfWriter.ProblemKind.TooLong, 256), problem);
        Assert.Equal([1], plan.WritableRows);
        Assert.Equal(254, plan.Columns[1].Bytes);
        Assert.Throws<ArgumentException>(() => Write([new("XH", 15), new("BZ", 254)], ["1", longValue]));
    }

    [Theory]
    [InlineData("𠮷")] // U+20BB7, CJK Extension B: GB18030 four-byte only
    [InlineData("䶮")] // U+4DAE, CJK Extension A: GB18030 four-byte only
    public void A_character_outside_gbk_is_reported_and_never_written_as_a_question_mark(string rare)
    {
        var name = "王" + rare;
        var plan = DbfWriter.Fit([new("XH", 15), new("XM", 40)], [["1", name], ["2", "王明"]]);

        Assert.Equal(new DbfWriter.Problem(0, "XM", DbfWriter.ProblemKind.NotGbk, 0), Assert.Single(plan.Problems));
        Assert.Equal([1], plan.WritableRows);
        Assert.Null(DbfWriter.ByteCount(name));
        Assert.Throws<ArgumentException>(() => Write([new("XH", 15), new("XM", 40)], ["1", name]));
    }

    [Fact]
    public void The_middle_dot_of_minority_names_is_gbk()
    {
        var table = Parse(Write([new("XM", 40)], ["文·中"]));
        Assert.Equal(Padded(40, Wen, MiddleDot, Zhong), table.Value(0, 0));
    }

    [Fact]
    public void Rows_that_cannot_be_written_do_not_widen_the_fields()
    {
        var plan = DbfWriter.Fit([new("XM", 4), new("BZ", 4)], [["中文中文中", "𠮷"], ["中", "a"]]);
        Assert.Equal([4, 4], plan.Columns.Select(c => c.Bytes));
        Assert.Equal([1], plan.WritableRows);
    }

    [Theory]
    [InlineData("")]
    [InlineData("TOOLONGNAME")]
    [InlineData("1XH")]
    [InlineData("姓名")]
    [InlineData("X H")]
    public void Field_names_are_one_to_ten_ascii_letters_digits_or_underscores_starting_with_a_letter(string name)
    {
        Assert.Throws<ArgumentException>(() => DbfWriter.Fit([new(name, 10)], []));
    }

    [Fact]
    public void Widths_outside_1_to_254_and_duplicate_names_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Write([new("XM", 0)]));
        Assert.Throws<ArgumentException>(() => Write([new("XM", 255)]));
        Assert.Throws<ArgumentException>(() => Write([new("XM", 4), new("xm", 4)]));
        Assert.Throws<ArgumentException>(() => Write([new("XM", 4)], ["a", "b"]));
    }
}
