<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit;

use Magento\Framework\Event\ObserverInterface;
use PHPUnit\Framework\TestCase;

/** The XML, JSON and CSV Magento reads point at classes, methods, templates and strings that exist. */
class ModuleFilesTest extends TestCase
{
    private const ROOT = __DIR__ . '/../..';

    private static function xml(string $path): \SimpleXMLElement
    {
        $previous = libxml_use_internal_errors(true);
        $xml = simplexml_load_file(self::ROOT . '/' . $path);
        libxml_use_internal_errors($previous);
        self::assertNotFalse($xml, $path . ' is not well-formed XML');
        return $xml;
    }

    public function testEveryXmlFileIsWellFormed(): void
    {
        $files = array_merge(glob(self::ROOT . '/etc/*.xml'), glob(self::ROOT . '/etc/*/*.xml'), glob(self::ROOT . '/view/*/layout/*.xml'), [self::ROOT . '/phpunit.xml.dist']);
        $this->assertGreaterThanOrEqual(11, count($files));
        foreach ($files as $file) {
            self::xml(substr($file, strlen(self::ROOT) + 1));
        }
    }

    public function testTheModuleNameMatchesItsRegistration(): void
    {
        $this->assertSame('Monogram_Personalisation', (string) self::xml('etc/module.xml')->module['name']);
        $this->assertStringContainsString("'Monogram_Personalisation'", (string) file_get_contents(self::ROOT . '/registration.php'));
        $composer = json_decode((string) file_get_contents(self::ROOT . '/composer.json'), true, 512, JSON_THROW_ON_ERROR);
        $this->assertSame('magento2-module', $composer['type']);
        $this->assertSame(['Monogram\\Personalisation\\' => ''], $composer['autoload']['psr-4']);
    }

    public function testObserversAreWiredToTheirEvents(): void
    {
        $wired = [];
        foreach (self::xml('etc/events.xml')->event as $event) {
            foreach ($event->observer as $observer) {
                $class = (string) $observer['instance'];
                $this->assertTrue(is_subclass_of($class, ObserverInterface::class), $class);
                $wired[(string) $event['name']] = $class;
            }
        }
        $this->assertSame([
            'checkout_submit_all_after' => 'Monogram\\Personalisation\\Observer\\ReportOrder',
            'catalog_product_type_prepare_full_options' => 'Monogram\\Personalisation\\Observer\\AttachDesignOption',
            'catalog_product_type_prepare_lite_options' => 'Monogram\\Personalisation\\Observer\\AttachDesignOption',
        ], $wired);
    }

    public function testCartLinesArePricedInTheStorefrontAndHeadlessCartsButNotTheAdmin(): void
    {
        $expected = [
            'etc/frontend/events.xml' => ['checkout_cart_product_add_after', 'checkout_cart_update_items_after', 'sales_quote_item_qty_set_after'],
            'etc/webapi_rest/events.xml' => ['sales_quote_item_qty_set_after'],
            'etc/graphql/events.xml' => ['sales_quote_item_qty_set_after'],
        ];
        foreach ($expected as $file => $events) {
            $wired = [];
            foreach (self::xml($file)->event as $event) {
                $class = (string) $event->observer['instance'];
                $this->assertTrue(is_subclass_of($class, ObserverInterface::class), $class);
                $wired[(string) $event['name']] = $class;
            }
            $this->assertSame(array_fill_keys($events, 'Monogram\\Personalisation\\Observer\\PriceCartLine'), $wired, $file);
        }
        $this->assertFileDoesNotExist(self::ROOT . '/etc/adminhtml/events.xml');
    }

    public function testPluginsPreferencesAndArgumentsPointAtRealCode(): void
    {
        $di = self::xml('etc/di.xml');
        $plugin = $di->xpath('//type[@name="Magento\\Quote\\Model\\Quote\\Item\\ToOrderItem"]/plugin')[0];
        $this->assertTrue(method_exists((string) $plugin['type'], 'afterConvert'));
        foreach ($di->preference as $preference) {
            $this->assertTrue(is_subclass_of((string) $preference['type'], (string) $preference['for']), (string) $preference['type']);
        }
        foreach ($di->xpath('//type[starts-with(@name, "Monogram")]') as $type) {
            $parameters = array_map(
                static fn (\ReflectionParameter $parameter): string => $parameter->getName(),
                (new \ReflectionMethod((string) $type['name'], '__construct'))->getParameters()
            );
            foreach ($type->arguments->argument as $argument) {
                $this->assertContains((string) $argument['name'], $parameters, (string) $type['name']);
            }
        }
        $sensitive = array_map('strval', $di->xpath('//argument[@name="sensitive"]/item/@name'));
        $this->assertSame(['monogram/general/secret_key', 'monogram/general/webhook_secret'], $sensitive);
    }

    public function testSecretsAreStoredEncrypted(): void
    {
        $encrypted = 'Magento\\Config\\Model\\Config\\Backend\\Encrypted';
        foreach (['secret_key', 'webhook_secret'] as $field) {
            $node = self::xml('etc/adminhtml/system.xml')->xpath('//group[@id="general"]/field[@id="' . $field . '"]')[0];
            $this->assertSame('obscure', (string) $node['type']);
            $this->assertSame($encrypted, (string) $node->backend_model);
            $this->assertSame($encrypted, (string) self::xml('etc/config.xml')->xpath('//monogram/general/' . $field)[0]['backend_model']);
        }
        $this->assertSame('Monogram_Personalisation::config', (string) self::xml('etc/adminhtml/system.xml')->xpath('//section[@id="monogram"]/resource')[0]);
        $this->assertCount(1, self::xml('etc/acl.xml')->xpath('//resource[@id="Monogram_Personalisation::config"]'));
    }

    public function testTheCronJobAndTheCommandExist(): void
    {
        $job = self::xml('etc/crontab.xml')->xpath('//job[@name="monogram_retry_reports"]')[0];
        $this->assertTrue(method_exists((string) $job['instance'], (string) $job['method']));
        $this->assertSame('*/5 * * * *', (string) $job->schedule);
    }

    public function testTheQueueTableHasTheColumnsTheCodeWritesAndIsWhitelisted(): void
    {
        $table = self::xml('etc/db_schema.xml')->xpath('//table[@name="monogram_report_queue"]')[0];
        $columns = array_map('strval', $table->xpath('column/@name'));
        foreach (['order_id', 'store_id', 'increment_id', 'payload', 'status', 'attempts', 'next_attempt_at', 'last_http_status', 'last_error', 'monogram_order_id'] as $column) {
            $this->assertContains($column, $columns);
        }
        $this->assertSame(['order_id'], array_map('strval', $table->xpath('constraint[@xsi:type="unique"]/column/@name') ?: $table->xpath('constraint[@referenceId="MONOGRAM_REPORT_QUEUE_ORDER_ID"]/column/@name')));
        $whitelist = json_decode((string) file_get_contents(self::ROOT . '/etc/db_schema_whitelist.json'), true, 512, JSON_THROW_ON_ERROR)['monogram_report_queue'];
        $this->assertSame($columns, array_keys($whitelist['column']));
        $references = array_map('strval', array_merge($table->xpath('constraint/@referenceId'), $table->xpath('index/@referenceId')));
        $this->assertEqualsCanonicalizing($references, array_merge(array_keys($whitelist['constraint']), array_keys($whitelist['index'])));
    }

    public function testTheLayoutUsesAnExistingTemplateAndViewModel(): void
    {
        $block = self::xml('view/frontend/layout/catalog_product_view.xml')->xpath('//block[@name="monogram.personalise"]')[0];
        $this->assertSame('Monogram_Personalisation::loader.phtml', (string) $block['template']);
        $this->assertFileExists(self::ROOT . '/view/frontend/templates/loader.phtml');
        $this->assertTrue(class_exists((string) $block->arguments->argument));
        $this->assertTrue(method_exists((string) self::xml('etc/frontend/routes.xml')->router->route->module['name'] === 'Monogram_Personalisation'
            ? 'Monogram\\Personalisation\\Controller\\Webhook\\Index' : 'missing', 'execute'));
    }

    public function testEveryTranslatableStringIsTranslatedInBothLocales(): void
    {
        $phrases = [];
        $root = (string) realpath(self::ROOT);
        $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
        foreach ($files as $file) {
            $path = substr((string) $file, strlen($root));
            if (str_starts_with($path, '/Test/') || !preg_match('/\.(php|phtml)$/', $path)) {
                continue;
            }
            preg_match_all("/__\(\s*'((?:[^'\\\\]|\\\\.)*)'/", (string) file_get_contents($root . $path), $matches);
            $phrases = array_merge($phrases, array_map('stripslashes', $matches[1]));
        }
        foreach (['etc/adminhtml/system.xml'] as $xml) {
            $node = self::xml($xml);
            foreach ($node->xpath('//label | //comment') as $text) {
                $phrases[] = (string) $text;
            }
        }
        $phrases[] = (string) self::xml('etc/acl.xml')->xpath('//resource[@id="Monogram_Personalisation::config"]/@title')[0];
        $phrases = array_unique($phrases);
        $this->assertGreaterThan(20, count($phrases));
        foreach (['en_US', 'fr_FR'] as $locale) {
            $handle = fopen(self::ROOT . '/i18n/' . $locale . '.csv', 'r');
            $keys = [];
            while (($row = fgetcsv($handle, 0, ',', '"', '')) !== false) {
                $this->assertCount(2, $row, $locale . ': ' . implode(',', $row));
                $keys[] = $row[0];
            }
            fclose($handle);
            foreach ($phrases as $phrase) {
                $this->assertContains($phrase, $keys, $locale . ' misses "' . $phrase . '"');
            }
        }
    }
}
