using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class JsonTextTests
    {
        [TestMethod]
        [DataRow("abc", "\"abc\"")]
        [DataRow("a\"b\\c", "\"a\\\"b\\\\c\"")]
        [DataRow("line\nnext\t", "\"line\\nnext\\t\"")]
        public void Quote_EscapesWhatJsonRequires(string value, string expected)
        {
            Assert.AreEqual(expected, JsonText.Quote(value));
        }

        [TestMethod]
        public void Quote_EscapesControlCharactersAsUnicode()
        {
            Assert.AreEqual("\"\\u0001\"", JsonText.Quote("\u0001"));
        }

        [TestMethod]
        [DataRow("{}")]
        [DataRow("{\"model\":\"esp32\",\"n\":[1,2,{\"a\":\"}\"}]}")]
        [DataRow("  {\"a\":\"b\\\"}\"}  ")]
        public void CheckObject_AcceptsObjects(string json)
        {
            Assert.IsNull(JsonText.CheckObject(json));
        }

        [TestMethod]
        [DataRow("[1,2]", "must be a JSON object")]
        [DataRow("\"text\"", "must be a JSON object")]
        [DataRow("{\"a\":\"b}", "not complete")]
        [DataRow("{\"a\":[1}", "not complete")]
        [DataRow("{\"a\":1}{\"b\":2}", "text after the end")]
        public void CheckObject_NamesWhatIsWrong(string json, string expected)
        {
            Assert.Contains(expected, JsonText.CheckObject(json));
        }

        [TestMethod]
        public void CheckObject_RefusesAPayloadLargerThanTheBuffer()
        {
            string big = "{\"a\":\"" + new string('x', JsonText.MaxPayloadLength) + "\"}";
            Assert.Contains("at most 2048", JsonText.CheckObject(big));
        }
    }
}
