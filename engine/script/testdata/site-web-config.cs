using System;
using System.Text;
using Microsoft.Web.Administration;

internal static class Sample {

    private static void Main() {

        using (ServerManager serverManager = new ServerManager()) {

            { // system.webServer/httpErrors in MACHINE/WEBROOT/APPHOST/Default Web Site
                Configuration config = serverManager.GetWebConfiguration("Default Web Site");
                ConfigurationSection httpErrorsSection = config.GetSection("system.webServer/httpErrors");
                httpErrorsSection.RevertToParent();
            }

            { // system.webServer/directoryBrowse in MACHINE/WEBROOT/APPHOST/Default Web Site
                Configuration config = serverManager.GetWebConfiguration("Default Web Site");
                ConfigurationSection directoryBrowseSection = config.GetSection("system.webServer/directoryBrowse");
                directoryBrowseSection["showFlags"] = @"Date, Time, Size";
            }

            { // system.webServer/directoryBrowse in MACHINE/WEBROOT/APPHOST/Default Web Site
                Configuration config = serverManager.GetWebConfiguration("Default Web Site");
                ConfigurationSection directoryBrowseSection = config.GetSection("system.webServer/directoryBrowse");
                directoryBrowseSection.GetAttribute("enabled").Delete();
            }

            { // system.webServer/staticContent in MACHINE/WEBROOT/APPHOST/Default Web Site
                Configuration config = serverManager.GetWebConfiguration("Default Web Site");
                ConfigurationSection staticContentSection = config.GetSection("system.webServer/staticContent");
                ConfigurationElementCollection staticContentCollection = staticContentSection.GetCollection();
                ConfigurationElement mimeMapElement = FindElement(staticContentCollection, "mimeMap", "fileExtension", @".log");
                if (mimeMapElement == null) throw new InvalidOperationException("Element not found!");
                mimeMapElement["mimeType"] = @"text/x-log";
                ConfigurationElement mimeMapElement1 = staticContentCollection.CreateElement("mimeMap");
                mimeMapElement1["fileExtension"] = @".webmanifest";
                mimeMapElement1["mimeType"] = @"application/manifest+json";
                staticContentCollection.Add(mimeMapElement1);
            }

            { // system.webServer/security/requestFiltering in MACHINE/WEBROOT/APPHOST/Default Web Site
                Configuration config = serverManager.GetWebConfiguration("Default Web Site");
                ConfigurationSection requestFilteringSection = config.GetSection("system.webServer/security/requestFiltering");
                requestFilteringSection.GetChildElement("requestLimits").Delete();
            }

            { // system.webServer/defaultDocument in MACHINE/WEBROOT/APPHOST/Default Web Site
                Configuration config = serverManager.GetWebConfiguration("Default Web Site");
                ConfigurationSection defaultDocumentSection = config.GetSection("system.webServer/defaultDocument");
                ConfigurationElementCollection filesCollection = defaultDocumentSection.GetCollection("files");
                filesCollection.Clear();
                ConfigurationElement addElement = filesCollection.CreateElement("add");
                addElement["value"] = @"index.php";
                filesCollection.Add(addElement);
                ConfigurationElement addElement1 = filesCollection.CreateElement("add");
                addElement1["value"] = @"home.html";
                filesCollection.Add(addElement1);
            }

            { // system.webServer/httpProtocol in MACHINE/WEBROOT/APPHOST/Default Web Site
                Configuration config = serverManager.GetWebConfiguration("Default Web Site");
                ConfigurationSection httpProtocolSection = config.GetSection("system.webServer/httpProtocol");
                ConfigurationElementCollection customHeadersCollection = httpProtocolSection.GetCollection("customHeaders");
                ConfigurationElement addElement = FindElement(customHeadersCollection, null, "name", @"X-Powered-By");
                if (addElement == null) throw new InvalidOperationException("Element not found!");
                customHeadersCollection.Remove(addElement);
                ConfigurationElement addElement1 = customHeadersCollection.CreateElement("add");
                addElement1["name"] = @"Strict-Transport-Security";
                addElement1["value"] = @"max-age=31536000";
                addElement1.SetMetadata("lockItem", true);
                customHeadersCollection.Add(addElement1);
            }

            { // system.webServer/directoryBrowse for reports in MACHINE/WEBROOT/APPHOST/Default Web Site
                Configuration config = serverManager.GetWebConfiguration("Default Web Site");
                ConfigurationSection directoryBrowseSection = config.GetSection("system.webServer/directoryBrowse", "reports");
                directoryBrowseSection["enabled"] = true;
                directoryBrowseSection.SetMetadata("lockAttributes", @"enabled");
            }

            serverManager.CommitChanges();
        }
    }

    private static ConfigurationElement FindElement(ConfigurationElementCollection collection, string elementTagName, params string[] keyValues) {
        foreach (ConfigurationElement element in collection) {
            if (elementTagName != null && !String.Equals(element.ElementTagName, elementTagName, StringComparison.OrdinalIgnoreCase)) {
                continue;
            }
            bool matches = true;
            for (int i = 0; i < keyValues.Length; i += 2) {
                object o = element.GetAttributeValue(keyValues[i]);
                string value = o == null ? null : o.ToString();
                if (!String.Equals(value, keyValues[i + 1], StringComparison.OrdinalIgnoreCase)) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                return element;
            }
        }
        return null;
    }
}
