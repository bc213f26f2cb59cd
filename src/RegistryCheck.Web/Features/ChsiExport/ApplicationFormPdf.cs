using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using RegistryCheck.Web.Infrastructure.Pdf;

namespace RegistryCheck.Web.Features.ChsiExport;

/// <summary>
/// The application form as a one-page A4 PDF, the same content as the printable page. Chinese has no spaces to break
/// at, so lines are wrapped character by character by measured width; when a long reason or note would not fit on
/// the page, the whole form is set in a smaller size instead of running onto a second page.
/// </summary>
public sealed class ApplicationFormPdf(CjkFonts fonts, IStringLocalizer l)
{
    private const double Margin = 50;
    private const double LabelWidth = 110;
    private const double Padding = 4;

    public byte[] Render(ApplicationForm form)
    {
        for (var size = 10.5; ; size -= 0.5)
        {
            using var document = new PdfDocument();
            document.Info.Title = form.Title;
            document.Info.Creator = "RegistryCheck";
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            double bottom;
            using (var gfx = XGraphics.FromPdfPage(page))
            {
                bottom = Draw(gfx, form, size, page.Width.Point);
            }

            if (bottom <= page.Height.Point - Margin || size <= 6)
            {
                using var stream = new MemoryStream();
                document.Save(stream, false);
                return stream.ToArray();
            }
        }
    }

    private double Draw(XGraphics gfx, ApplicationForm f, double size, double pageWidth)
    {
        var font = fonts.Font(size);
        var bold = fonts.Font(size, bold: true);
        var width = pageWidth - (2 * Margin);
        var y = Margin;
        var title = fonts.Font(size + 5, bold: true);
        title.Draw(gfx, f.Title, Margin + Math.Max(0, (width - title.Width(gfx, f.Title)) / 2), y);
        y += size * 2.6;
        y = Line(gfx, font, l["学校：{0}　核对：{1}", f.SchoolName, f.CampaignName].Value, Margin, y, width) + (size * 0.6);

        y = Row(gfx, bold, font, l["学号"].Value, l["{0}　　姓名：{1}", f.StudentNumber, f.Name].Value, y, width);
        y = Row(gfx, bold, font, l["考生号"].Value, l["{0}　　证件号码：{1}", f.ExamNumber ?? "", f.IdNumber].Value, y, width);
        y = Row(gfx, bold, font, l["学院"].Value, l["{0}　　班级：{1}", f.CollegeName, f.ClassName].Value, y, width);
        y = Row(gfx, bold, font, l["更正项目"].Value, l["{0}（{1}）　　状态：{2}", f.FieldLabel, f.KindLabel, f.StatusLabel].Value, y, width);

        // The record before and after, the changed line marked.
        var third = (width - LabelWidth) / 2;
        y = Cells(gfx, bold, [l["项目"].Value, l["更正前"].Value, l["更正后"].Value], y, third);
        foreach (var line in f.Record)
        {
            y = Cells(gfx, line.Changed ? bold : font, [line.Changed ? "▶ " + line.Label : line.Label, line.Before, line.After], y, third);
        }

        y = Row(gfx, bold, font, l["更正原因"].Value, f.Reason, y, width);
        y = Row(gfx, bold, font, l["辅导员核实意见"].Value, f.CounselorNote, y, width);
        y = Row(gfx, bold, font, l["证明材料"].Value, f.Evidence.Count == 0 ? l["无"].Value : string.Join("；", f.Evidence), y, width);
        y = Row(gfx, bold, font, l["提交时间"].Value, f.SubmittedAt, y, width);

        y += size;
        foreach (var signature in f.Signatures)
        {
            y += size * 1.2;
            font.Draw(gfx, signature, Margin, y);
            font.Draw(gfx, l["日期：　　　年　　月　　日"].Value, Margin + (width * 0.62), y);
            y += size * 2.4;
        }

        return y;
    }

    /// <summary>A bordered row: the label on the left, the value wrapped on the right.</summary>
    private static double Row(XGraphics gfx, PdfFont labelFont, PdfFont font, string label, string value, double y, double width)
    {
        var lines = Wrap(gfx, font, value, width - LabelWidth - (2 * Padding));
        var height = Math.Max(1, lines.Count) * font.Height + (2 * Padding);
        gfx.DrawRectangle(XPens.Black, Margin, y, LabelWidth, height);
        gfx.DrawRectangle(XPens.Black, Margin + LabelWidth, y, width - LabelWidth, height);
        Text(gfx, labelFont, [label], Margin + Padding, y + Padding);
        Text(gfx, font, lines, Margin + LabelWidth + Padding, y + Padding);
        return y + height;
    }

    /// <summary>A row of three cells: label, before, after.</summary>
    private static double Cells(XGraphics gfx, PdfFont font, string[] values, double y, double third)
    {
        double[] widths = [LabelWidth, third, third];
        var wrapped = values.Select((v, i) => Wrap(gfx, font, v, widths[i] - (2 * Padding))).ToList();
        var height = Math.Max(1, wrapped.Max(w => w.Count)) * font.Height + (2 * Padding);
        var x = Margin;
        for (var i = 0; i < 3; i++)
        {
            gfx.DrawRectangle(XPens.Black, x, y, widths[i], height);
            Text(gfx, font, wrapped[i], x + Padding, y + Padding);
            x += widths[i];
        }

        return y + height;
    }

    private static double Line(XGraphics gfx, PdfFont font, string text, double x, double y, double width)
    {
        var lines = Wrap(gfx, font, text, width);
        Text(gfx, font, lines, x, y);
        return y + (lines.Count * font.Height);
    }

    private static void Text(XGraphics gfx, PdfFont font, IReadOnlyList<string> lines, double x, double y)
    {
        foreach (var line in lines)
        {
            font.Draw(gfx, line, x, y);
            y += font.Height;
        }
    }

    /// <summary>Breaks at line feeds and wherever the next character (a whole surrogate pair) would pass the width.</summary>
    private static List<string> Wrap(XGraphics gfx, PdfFont font, string text, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var current = new System.Text.StringBuilder();
            var e = System.Globalization.StringInfo.GetTextElementEnumerator(paragraph);
            while (e.MoveNext())
            {
                var element = e.GetTextElement();
                if (current.Length > 0 && font.Width(gfx, current + element) > width)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                current.Append(element);
            }

            lines.Add(current.ToString());
        }

        return lines;
    }
}
