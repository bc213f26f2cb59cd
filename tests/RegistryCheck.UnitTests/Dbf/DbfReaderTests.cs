using System.Text;
using RegistryCheck.Web.Infrastructure.Dbf;
using static RegistryCheck.UnitTests.Dbf.DbfBytes;

namespace RegistryCheck.UnitTests.Dbf;

public class DbfReaderTests
{
    private static readonly Field[] Fields =
    [
        new("KSH", 'C', 14),
        new("XM", 'C', 40),
        new("XZ", 'N', 3, 1),
        new("CSRQ", 'D', 8),
    ];

    private static readonly Row[] Records =
    [
        new(["26110101000001", "张三", "4.0", "20080315"]),
        new(["26110101000002", "删除的人", "4.0", "20080101"], Deleted: true),
        new(["26110101000003", "欧阳娜娜", "1.5", "20071231"]),
    ];

    [Fact]
    public void Header_and_field_descriptors_are_read_as_the_file_states_them()
    {
        var table = DbfReader.Read(Table(Fields, Records));

        Assert.Equal(0x03, table.Version);
        Assert.Equal(new DateOnly(2026, 9, 1), table.LastUpdate);
        Assert.Equal(3, table.DeclaredRecords);
        Assert.Equal(0x4D, table.LanguageDriver);
        Assert.Equal(32 + (4 * 32) + 1, table.HeaderLength);
        Assert.Equal(1 + 14 + 40 + 3 + 8, table.RecordLength);
        Assert.Equal(["KSH", "XM", "XZ", "CSRQ"], table.Fields.Select(f => f.Name));
        Assert.Equal(['C', 'C', 'N', 'D'], table.Fields.Select(f => f.Type));
        Assert.Equal([14, 40, 3, 8], table.Fields.Select(f => f.Length));
        Assert.Equal([1, 15, 55, 58], table.Fields.Select(f => f.Offset));
        Assert.Equal(1, table.Fields[2].DecimalCount);
    }

    [Fact]
    public void Deleted_records_are_skipped_and_live_ones_keep_their_record_number()
    {
        var records = DbfReader.Read(Table(Fields, Records)).Records().ToList();

        Assert.Equal([1, 3], records.Select(r => r.Number));
        Assert.Equal(["26110101000003", "欧阳娜娜", "1.5", "20071231"], records[1].Values.Select(v => v ?? "<null>"));
        Assert.DoesNotContain(records, r => r.Values.Contains("删除的人"));
    }

    [Theory]
    [InlineData(0x4D)] // dBase: Chinese GBK (PRC)
    [InlineData(0x7A)] // FoxPro: PRC GBK
    [InlineData(0x00)] // none stated: GBK is the default
    public void Text_is_read_as_GBK_unless_the_language_driver_says_otherwise(byte driver)
    {
        var table = DbfReader.Read(Table([new("XM", 'C', 20), new("ZZMM", 'C', 20)], [new(["龚𬌗", "中国共产主义青年团员"])],
            languageDriver: driver, encoding: Encoding.GetEncoding(54936)));

        Assert.Equal(["龚𬌗", "中国共产主义青年团员"], table.Records().Single().Values.Select(v => v ?? "<null>"));
    }

    [Fact]
    public void A_language_driver_for_Windows_Latin_text_decodes_as_code_page_1252()
    {
        var latin = Encoding.GetEncoding(1252);
        var table = DbfReader.Read(Table([new("XM", 'C', 10)], [new(["Müller"])], languageDriver: 0x03, encoding: latin));

        Assert.Equal(1252, table.Encoding.CodePage);
        Assert.Equal("Müller", table.Records().Single().Values[0]);
    }

    [Fact]
    public void Field_names_written_in_GBK_are_read_as_Chinese()
    {
        var table = DbfReader.Read(Table([new("姓名", 'C', 10), new("学号", 'C', 12)], [new(["李四", "2026010001"])]));

        Assert.Equal(["姓名", "学号"], table.Fields.Select(f => f.Name));
    }

    [Fact]
    public void A_character_field_wider_than_255_bytes_uses_the_Clipper_high_byte()
    {
        var table = DbfReader.Read(Table([new("BZ", 'C', 300)], [new([new string('备', 140)])]));

        Assert.Equal(300, table.Fields[0].Length);
        Assert.Equal(new string('备', 140), table.Records().Single().Values[0]);
    }

    [Fact]
    public void A_file_cut_inside_a_record_is_refused_as_truncated_with_the_counts()
    {
        var bytes = Table(Fields, Records, endOfFileMark: false);
        var cut = bytes[..^10];

        var ex = Assert.Throws<DbfFormatException>(() => DbfReader.Read(cut));

        Assert.Equal(DbfProblem.Truncated, ex.Problem);
        Assert.Equal(3, ex.Declared);
        Assert.Equal(2, ex.Found);
    }

    [Fact]
    public void A_file_cut_inside_the_field_descriptors_is_refused_as_truncated()
    {
        var bytes = Table(Fields, Records)[..70];

        Assert.Equal(DbfProblem.Truncated, Assert.Throws<DbfFormatException>(() => DbfReader.Read(bytes)).Problem);
    }

    [Fact]
    public void A_record_count_that_claims_more_records_than_the_file_holds_is_refused()
    {
        var ex = Assert.Throws<DbfFormatException>(() => DbfReader.Read(Table(Fields, Records, declaredRecords: 50)));

        Assert.Equal(DbfProblem.Truncated, ex.Problem);
        Assert.Equal(50, ex.Declared);
        Assert.Equal(3, ex.Found);
    }

    [Fact]
    public void A_record_count_that_claims_fewer_records_than_the_file_holds_is_refused_not_silently_cut()
    {
        var ex = Assert.Throws<DbfFormatException>(() => DbfReader.Read(Table(Fields, Records, declaredRecords: 1)));

        Assert.Equal(DbfProblem.RecordCountMismatch, ex.Problem);
        Assert.Equal(1, ex.Declared);
        Assert.Equal(3, ex.Found);
    }

    [Fact]
    public void A_table_without_an_end_of_file_mark_is_read()
    {
        Assert.Equal(2, DbfReader.Read(Table(Fields, Records, endOfFileMark: false)).Records().Count());
    }

    [Fact]
    public void A_declared_count_over_the_cap_is_refused_before_any_record_is_read()
    {
        var ex = Assert.Throws<DbfFormatException>(() =>
            DbfReader.Read(Table(Fields, Records, declaredRecords: 1_000_000), new DbfReadOptions { MaxRecords = 1000 }));

        Assert.Equal(DbfProblem.TooManyRecords, ex.Problem);
        Assert.Equal(1_000_000, ex.Declared);
    }

    [Fact]
    public void A_record_whose_flag_byte_is_neither_space_nor_star_is_refused()
    {
        var bytes = Table(Fields, Records);
        var table = DbfReader.Read(bytes);
        bytes[table.HeaderLength + table.RecordLength] = (byte)'X';

        var ex = Assert.Throws<DbfFormatException>(() => DbfReader.Read(bytes).Records().ToList());

        Assert.Equal(DbfProblem.BadRecord, ex.Problem);
        Assert.Equal(2, ex.Found);
    }

    [Fact]
    public void A_record_length_shorter_than_the_fields_is_refused()
    {
        var bytes = Table(Fields, Records);
        bytes[10] = 20;
        bytes[11] = 0;

        Assert.Equal(DbfProblem.BadRecordLength, Assert.Throws<DbfFormatException>(() => DbfReader.Read(bytes)).Problem);
    }

    [Fact]
    public void Memo_fields_come_back_as_null_so_the_caller_can_ignore_them()
    {
        var table = DbfReader.Read(Table([new("XM", 'C', 10), new("ZP", 'M', 10)], [new(["王五", "         1"])], version: 0x83));

        Assert.False(table.Fields[1].IsReadable);
        Assert.Null(table.Records().Single().Values[1]);
    }

    [Fact]
    public void Content_sniffing_tells_a_table_from_text_and_zip()
    {
        Assert.True(DbfReader.LooksLikeDbf(Table(Fields, Records)));
        Assert.False(DbfReader.LooksLikeDbf(Encoding.UTF8.GetBytes("0,学号,姓名,性别,身份证号,学院,专业,班级\r\n")));
        Assert.False(DbfReader.LooksLikeDbf([0x50, 0x4B, 0x03, 0x04, .. new byte[60]]));
        Assert.Equal(DbfProblem.NotADbf, Assert.Throws<DbfFormatException>(() => DbfReader.Read("学号"u8.ToArray())).Problem);
    }
}
