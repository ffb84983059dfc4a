using System;
using System.Text;
using Microsoft.Web.Administration;

internal static class Sample {

    private static void Main() {

        using (ServerManager serverManager = new ServerManager()) {

            { // system.applicationHost/applicationPools in MACHINE/WEBROOT/APPHOST
                Configuration config = serverManager.GetApplicationHostConfiguration();
                ConfigurationSection applicationPoolsSection = config.GetSection("system.applicationHost/applicationPools");
                ConfigurationElementCollection applicationPoolsCollection = applicationPoolsSection.GetCollection();
                ConfigurationElement addElement = applicationPoolsCollection.CreateElement("add");
                addElement["name"] = @"Shop Pool";
                addElement["managedPipelineMode"] = @"Integrated";
                addElement["startMode"] = @"AlwaysRunning";
                applicationPoolsCollection.Add(addElement);
                ConfigurationElement processModelElement = addElement.GetChildElement("processModel");
                processModelElement["identityType"] = @"NetworkService";
                processModelElement["idleTimeout"] = TimeSpan.Parse("00:00:00");
            }

            { // system.applicationHost/sites in MACHINE/WEBROOT/APPHOST
                Configuration config = serverManager.GetApplicationHostConfiguration();
                ConfigurationSection sitesSection = config.GetSection("system.applicationHost/sites");
                ConfigurationElement siteDefaultsElement = sitesSection.GetChildElement("siteDefaults");
                ConfigurationElement logFileElement = siteDefaultsElement.GetChildElement("logFile");
                logFileElement["directory"] = @"D:\Logs";
                logFileElement["period"] = @"Hourly";
                ConfigurationElementCollection sitesCollection = sitesSection.GetCollection();
                ConfigurationElement siteElement = sitesCollection.CreateElement("site");
                siteElement["name"] = @"Shop";
                siteElement["id"] = 2;
                siteElement["serverAutoStart"] = true;
                sitesCollection.Add(siteElement);
                ConfigurationElementCollection bindingsCollection = siteElement.GetCollection("bindings");
                ConfigurationElement bindingElement = bindingsCollection.CreateElement("binding");
                bindingElement["protocol"] = @"http";
                bindingElement["bindingInformation"] = @"*:80:shop.example.com";
                bindingsCollection.Add(bindingElement);
                ConfigurationElement bindingElement1 = bindingsCollection.CreateElement("binding");
                bindingElement1["protocol"] = @"https";
                bindingElement1["bindingInformation"] = @"*:443:shop.example.com";
                bindingsCollection.Add(bindingElement1);
                ConfigurationElementCollection applicationCollection = siteElement.GetCollection();
                ConfigurationElement applicationElement = applicationCollection.CreateElement("application");
                applicationElement["path"] = @"/";
                applicationElement["applicationPool"] = @"Shop Pool";
                applicationCollection.Add(applicationElement);
                ConfigurationElementCollection virtualDirectoryCollection = applicationElement.GetCollection();
                ConfigurationElement virtualDirectoryElement = virtualDirectoryCollection.CreateElement("virtualDirectory");
                virtualDirectoryElement["path"] = @"/";
                virtualDirectoryElement["physicalPath"] = @"D:\Sites\Shop";
                virtualDirectoryCollection.Add(virtualDirectoryElement);
                ConfigurationElement virtualDirectoryElement1 = virtualDirectoryCollection.CreateElement("virtualDirectory");
                virtualDirectoryElement1["path"] = @"/images";
                virtualDirectoryElement1["physicalPath"] = @"\\files\shop\images";
                virtualDirectoryCollection.Add(virtualDirectoryElement1);
            }

            { // system.webServer/directoryBrowse in MACHINE/WEBROOT/APPHOST
                Configuration config = serverManager.GetApplicationHostConfiguration();
                ConfigurationSection directoryBrowseSection = config.GetSection("system.webServer/directoryBrowse");
                directoryBrowseSection["showFlags"] = @"Date, Size";
            }

            { // system.webServer/handlers for Default Web Site in MACHINE/WEBROOT/APPHOST
                Configuration config = serverManager.GetApplicationHostConfiguration();
                ConfigurationSection handlersSection = config.GetSection("system.webServer/handlers", "Default Web Site");
                handlersSection.OverrideMode = OverrideMode.Allow;
            }

            { // system.webServer/security/authentication/windowsAuthentication for Shop in MACHINE/WEBROOT/APPHOST
                Configuration config = serverManager.GetApplicationHostConfiguration();
                ConfigurationSection windowsAuthenticationSection = config.GetSection("system.webServer/security/authentication/windowsAuthentication", "Shop");
                windowsAuthenticationSection["enabled"] = true;
            }

            { // system.webServer/security/authentication/anonymousAuthentication for Shop in MACHINE/WEBROOT/APPHOST
                Configuration config = serverManager.GetApplicationHostConfiguration();
                ConfigurationSection anonymousAuthenticationSection = config.GetSection("system.webServer/security/authentication/anonymousAuthentication", "Shop");
                anonymousAuthenticationSection["enabled"] = false;
            }

            { // system.webServer/directoryBrowse for Shop/admin in MACHINE/WEBROOT/APPHOST
                Configuration config = serverManager.GetApplicationHostConfiguration();
                ConfigurationSection directoryBrowseSection = config.GetSection("system.webServer/directoryBrowse", "Shop/admin");
                directoryBrowseSection["enabled"] = false;
            }

            { // system.webServer/directoryBrowse for Shop/admin in MACHINE/WEBROOT/APPHOST
                Configuration config = serverManager.GetApplicationHostConfiguration();
                ConfigurationSection directoryBrowseSection = config.GetSection("system.webServer/directoryBrowse", "Shop/admin");
                directoryBrowseSection.OverrideMode = OverrideMode.Deny;
            }

            serverManager.CommitChanges();
        }
    }
}
