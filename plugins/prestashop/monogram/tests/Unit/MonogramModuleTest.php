<?php

declare(strict_types=1);

use Monogram\PrestaShop\Config;
use Monogram\PrestaShop\CustomerReference;
use Monogram\PrestaShop\CustomizationStore;
use Monogram\PrestaShop\Design;
use Monogram\PrestaShop\Installer;
use Monogram\PrestaShop\OrderPayload;
use Monogram\PrestaShop\ReportQueue;
use PHPUnit\Framework\TestCase;

/**
 * The module class as PrestaShop calls it: install, hooks, and the design endpoint.
 */
final class MonogramModuleTest extends TestCase
{
    private Db $db;

    protected function setUp(): void
    {
        $this->db = Shop::reset();
        Shop::product(12);
        Shop::configure();
    }

    public function testInstallCreatesTheTablesAndRegistersTheHooks(): void
    {
        Db::reset();
        Configuration::$values = [];
        $module = new Monogram();

        $this->assertTrue($module->install());

        $this->assertSame(Installer::HOOKS, $module->registeredHooks);
        foreach (['ps_monogram_pending_report', 'ps_monogram_order', 'ps_monogram_webhook_event', 'ps_monogram_customization_field'] as $table) {
            $this->assertTrue(Db::getInstance()->hasTable($table), $table);
        }
        $this->assertMatchesRegularExpression('/^[0-9a-f]{32}$/', Configuration::get(Config::CRON_TOKEN));
        $this->assertContains('displayAdminOrderMain', $module->registeredHooks);
    }

    public function testUninstallDropsTablesSettingsAndRetiresTheFields(): void
    {
        (new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_'))->ensureField(12, Shop::LABELS);

        $this->assertTrue((new Monogram())->uninstall());

        $this->assertFalse($this->db->hasTable('ps_monogram_pending_report'));
        $this->assertFalse(Configuration::get(Config::SECRET_KEY));
        $this->assertSame('1', $this->db->rows('ps_customization_field')[0]['is_deleted']);
    }

    public function testTheOrderHookNeverThrowsAndQueuesWhatMonogramDidNotGet(): void
    {
        Configuration::updateValue(Config::API_URL, 'http://127.0.0.1:' . ApiServer::closedPort());
        $order = $this->personalisedOrder();
        $module = new Monogram();

        $module->hookActionValidateOrder(['order' => $order, 'customer' => new Customer(7), 'currency' => new Currency(1)]);

        $this->assertSame(ReportQueue::PENDING, $module->lastReport?->state);
        $this->assertSame(ReportQueue::PENDING, (new ReportQueue($this->db, 'ps_'))->find(1042)['status']);
    }

    public function testTheOrderHookSurvivesALostDatabase(): void
    {
        $order = $this->personalisedOrder();
        $this->db->broken = true;

        (new Monogram())->hookActionValidateOrder(['order' => $order]);

        $this->assertNotEmpty(PrestaShopLogger::$logs);
        $this->assertSame(3, PrestaShopLogger::$logs[0]['severity']);
    }

    public function testAReportThatFailedAtCheckoutIsSentByTheRetryCommand(): void
    {
        $server = ApiServer::start();
        try {
            Configuration::updateValue(Config::API_URL, $server->url . '/status/503');
            $module = new Monogram();
            $module->hookActionValidateOrder(['order' => $this->personalisedOrder()]);
            $queue = new ReportQueue($this->db, 'ps_');
            $this->assertSame(ReportQueue::PENDING, $queue->find(1042)['status']);

            Configuration::updateValue(Config::API_URL, $server->url);
            $queue->requeue(1042, time());
            $summary = $module->retryPendingReports();
        } finally {
            $server->stop();
        }

        $this->assertSame(1, $summary['sent']);
        $this->assertNull($queue->find(1042));
        $this->assertSame('ord_fixture', $module->reportedOrders()->find(1042)['monogram_order_id']);
    }

    public function testTheLoaderIsMountedOnPersonalisedProductsOnly(): void
    {
        Configuration::updateValue(Config::PRODUCTS, '12');
        $module = new Monogram();

        $this->assertSame('', $module->hookDisplayProductAdditionalInfo(['product' => ['id_product' => 30]]));
        $this->assertSame(
            'rendered:views/templates/hook/product.tpl',
            $module->hookDisplayProductAdditionalInfo(['product' => new ArrayObject(['id_product' => 12])])
        );

        $vars = Context::getContext()->smarty->assigned['monogram'];
        $this->assertSame('https://monogram.example/widget/monogram.js', $vars['loader_url']);
        $this->assertSame('pk_test_publishable0123', $vars['publishable_key']);
        $this->assertSame(12, $vars['id_product']);
        $this->assertSame('fr', $vars['locale']);
        $this->assertSame(['monogram_design', 'monogram_token'], [$vars['field_design'], $vars['field_token']]);
        $this->assertSame('', $vars['design']);
        $this->assertSame('', $vars['customer']); // a guest: no library
    }

    public function testASignedInCustomerGetsASignedReferenceOnTheTag(): void
    {
        $customer = Context::getContext()->customer;
        $customer->id = 7;
        $customer->logged = true;
        $before = time();

        (new Monogram())->hookDisplayProductAdditionalInfo(['product' => ['id_product' => 12]]);

        $reference = Context::getContext()->smarty->assigned['monogram']['customer'];
        $this->assertMatchesRegularExpression('/^mcr1\.7\.(\d+)\.[0-9a-f]{64}$/', $reference);
        [, , $expires, $signature] = explode('.', $reference);
        $this->assertGreaterThanOrEqual($before + CustomerReference::LIFETIME, (int) $expires);
        $this->assertLessThanOrEqual(time() + CustomerReference::LIFETIME, (int) $expires);
        // Keyed with what Monogram keeps of the secret key: its SHA-256, in hex.
        $key = hash('sha256', 'sk_test_secret0123456789');
        $this->assertSame(hash_hmac('sha256', 'mcr1.7.' . $expires, $key), $signature);
    }

    public function testAGuestAccountIsNotASignedInCustomer(): void
    {
        $customer = Context::getContext()->customer;
        $customer->id = 8;
        $customer->logged = true;
        $customer->is_guest = true;

        (new Monogram())->hookDisplayProductAdditionalInfo(['product' => ['id_product' => 12]]);

        $this->assertSame('', Context::getContext()->smarty->assigned['monogram']['customer']);
    }

    public function testAReturningShopperFindsTheDesignStillOnTheProduct(): void
    {
        $cart = Context::getContext()->cart;
        $cart->id = 5;
        $id = (new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_'))
            ->save(5, 12, Design::fromStrings(Shop::DESIGN, Shop::TOKEN), Shop::LABELS);

        (new Monogram())->hookDisplayProductAdditionalInfo(['product' => ['id_product' => 12]]);

        $vars = Context::getContext()->smarty->assigned['monogram'];
        $this->assertSame([$id, Shop::DESIGN, Shop::TOKEN], [$vars['id_customization'], $vars['design'], $vars['design_token']]);
    }

    public function testNothingIsMountedUntilTheModuleIsConfigured(): void
    {
        Configuration::$values = [Config::PRODUCTS => '*'];

        $this->assertSame('', (new Monogram())->hookDisplayProductAdditionalInfo(['product' => ['id_product' => 12]]));
    }

    public function testTheCartShowsTheDesignWithoutItsToken(): void
    {
        $value = Design::fromStrings(Shop::DESIGN, Shop::TOKEN)->storedValue();

        $shown = (new Monogram())->hookDisplayCustomization(['customization' => ['value' => $value]]);

        $this->assertSame('Monogram design ' . Shop::DESIGN, $shown);
        $this->assertSame('', (new Monogram())->hookDisplayCustomization(['customization' => ['value' => 'Jeanne']]));
    }

    public function testAnAddToCartWithoutIdCustomizationStillCarriesTheDesign(): void
    {
        // The theme posted the loader's hidden fields but dropped id_customization.
        Tools::$request = ['monogram_design' => Shop::DESIGN, 'monogram_token' => Shop::TOKEN];
        $cart = new Cart();
        $cart->id = 5;
        $product = new Product(12);

        (new Monogram())->hookActionCartUpdateQuantityBefore([
            'cart' => $cart, 'product' => $product, 'id_product_attribute' => 45,
            'id_customization' => 0, 'quantity' => 100, 'operator' => 'up',
        ]);
        Shop::addToCart(5, 12, 45, 100, 0);

        $order = Shop::order(1042, 5, [Shop::detail(3, 12, 45, 100, 'Carte de visite')]);
        $line = (new OrderPayload(new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_')))->build($order, null, null)['lines'][0];
        $this->assertSame([Shop::DESIGN, Shop::TOKEN], [$line['design'], $line['design_token']]);
        $this->assertSame('1', $this->db->rows('ps_customization')[0]['in_cart']);
    }

    public function testTheFallbackLeavesLinesThatNameTheirCustomizationAlone(): void
    {
        Tools::$request = ['monogram_design' => Shop::DESIGN, 'monogram_token' => Shop::TOKEN];
        $cart = new Cart();
        $cart->id = 5;

        (new Monogram())->hookActionCartUpdateQuantityBefore([
            'cart' => $cart, 'product' => new Product(12), 'id_customization' => 3, 'operator' => 'up',
        ]);

        $this->assertSame([], $this->db->rows('ps_customization'));
    }

    public function testTheDesignEndpointStoresTheDesignOnTheShoppersCart(): void
    {
        $endpoint = (new Monogram())->designEndpoint();
        $post = ['token' => 'static-token', 'id_product' => '12', 'design' => Shop::DESIGN, 'design_token' => Shop::TOKEN];
        $created = 0;
        $cartId = static function () use (&$created): int {
            ++$created;

            return 5;
        };

        [$status, $answer] = $endpoint->handle('POST', $post, 'static-token', $cartId);

        $this->assertSame(200, $status);
        $this->assertSame(Shop::DESIGN, $answer['design']);
        $this->assertSame(1, $created);
        $store = new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_');
        $this->assertSame($answer['id_customization'], $store->pendingDesign(5, 12)['id_customization']);
    }

    /**
     * @dataProvider refusedDesignRequests
     *
     * @param array<string, string> $changes
     */
    public function testTheDesignEndpointRefuses(string $method, array $changes, int $status): void
    {
        Configuration::updateValue(Config::PRODUCTS, '12');
        $post = array_merge(['token' => 'static-token', 'id_product' => '12', 'design' => Shop::DESIGN, 'design_token' => Shop::TOKEN], $changes);

        [$answered] = (new Monogram())->designEndpoint()->handle($method, $post, 'static-token', static fn (): int => 5);

        $this->assertSame($status, $answered);
        $this->assertSame([], $this->db->rows('ps_customization'));
    }

    /**
     * @return array<string, array{string, array<string, string>, int}>
     */
    public static function refusedDesignRequests(): array
    {
        return [
            'a GET' => ['GET', [], 405],
            'another page\'s token' => ['POST', ['token' => 'forged'], 403],
            'a product not personalised' => ['POST', ['id_product' => '30'], 404],
            'not a design id' => ['POST', ['design' => 'ord_123'], 422],
            'no token' => ['POST', ['design_token' => ''], 422],
        ];
    }

    private function personalisedOrder(): Order
    {
        $store = new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_');
        $id = $store->save(5, 12, Design::fromStrings(Shop::DESIGN, Shop::TOKEN), Shop::LABELS);
        Shop::addToCart(5, 12, 45, 250, $id);

        return Shop::order(1042, 5, [
            Shop::detail(3, 12, 45, 250, 'Carte de visite', $id),
            Shop::detail(4, 30, 0, 2, 'Boîte de rangement'),
        ]);
    }
}
