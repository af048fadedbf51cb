<?php
/**
 * Monogram for PrestaShop: the editor on product pages, the design on the cart line, the order
 * reported to Monogram. The hooks here only delegate to the classes in src/.
 */

declare(strict_types=1);

if (!defined('_PS_VERSION_')) {
    exit;
}

require_once __DIR__ . '/autoload.php';

use Monogram\PrestaShop\AdminOrderPanel;
use Monogram\PrestaShop\ApiClient;
use Monogram\PrestaShop\CartPrices;
use Monogram\PrestaShop\CartPricing;
use Monogram\PrestaShop\Config;
use Monogram\PrestaShop\CustomerReference;
use Monogram\PrestaShop\CustomizationStore;
use Monogram\PrestaShop\Design;
use Monogram\PrestaShop\DesignEndpoint;
use Monogram\PrestaShop\DesignPreviews;
use Monogram\PrestaShop\Installer;
use Monogram\PrestaShop\Logger;
use Monogram\PrestaShop\OrderNotes;
use Monogram\PrestaShop\OrderPayload;
use Monogram\PrestaShop\OrderReporter;
use Monogram\PrestaShop\OrderShipment;
use Monogram\PrestaShop\QuoteCartLink;
use Monogram\PrestaShop\ReportedOrders;
use Monogram\PrestaShop\ReportOutcome;
use Monogram\PrestaShop\ReportQueue;
use Monogram\PrestaShop\WebhookReceiver;

class Monogram extends Module
{
    /** Names of the hidden inputs the loader writes into the add-to-cart form. */
    public const FIELD_DESIGN = 'monogram_design';
    public const FIELD_TOKEN = 'monogram_token';

    /** The last order report's outcome, for the CLI harness and the retry command. */
    public ?ReportOutcome $lastReport = null;

    public function __construct()
    {
        $this->name = 'monogram';
        $this->tab = 'front_office_features';
        $this->version = '1.1.0';
        $this->author = 'Monogram';
        $this->need_instance = 0;
        $this->bootstrap = true;
        $this->ps_versions_compliancy = ['min' => '8.0.0', 'max' => _PS_VERSION_];

        parent::__construct();

        $this->displayName = $this->l('Monogram product personalisation');
        $this->description = $this->l('Lets shoppers personalise products in the Monogram editor and sends their orders to Monogram for production.');
        $this->confirmUninstall = $this->l('Orders not yet sent to Monogram will no longer be retried. Uninstall?');
    }

    public function install(): bool
    {
        return parent::install() && $this->installer()->install($this);
    }

    public function uninstall(): bool
    {
        return $this->installer()->uninstall($this->customizations()) && parent::uninstall();
    }

    /** Only on product pages: keeps the design on the add-to-cart form (views/js/product.js). */
    public function hookActionFrontControllerSetMedia(): void
    {
        $controller = $this->context->controller;
        if (($controller->php_self ?? '') !== 'product' || !$this->config()->canMount()) {
            return;
        }
        $controller->registerJavascript(
            'modules-monogram-product',
            'modules/' . $this->name . '/views/js/product.js',
            ['position' => 'bottom', 'priority' => 200]
        );
    }

    /** Mounts the loader next to the add-to-cart button of personalisable products. */
    public function hookDisplayProductAdditionalInfo(array $params): string
    {
        try {
            $config = $this->config();
            $idProduct = self::productId($params['product'] ?? null);
            if ($idProduct === 0 || !$config->canMount() || !$config->isPersonalisable($idProduct)) {
                return '';
            }
            $cart = $this->context->cart;
            $pending = ($cart && $cart->id)
                ? $this->customizations()->pendingDesign((int) $cart->id, $idProduct)
                : null;

            $this->context->smarty->assign('monogram', [
                'loader_url' => $config->apiUrl() . '/widget/monogram.js',
                'api_url' => $config->apiUrl(),
                'publishable_key' => $config->publishableKey(),
                'id_product' => $idProduct,
                'locale' => $config->locale((string) $this->context->language->iso_code),
                'field_design' => self::FIELD_DESIGN,
                'field_token' => self::FIELD_TOKEN,
                'endpoint' => $this->context->link->getModuleLink($this->name, 'design', [], true),
                'static_token' => Tools::getToken(false),
                'id_customization' => $pending['id_customization'] ?? 0,
                'design' => isset($pending['design']) ? $pending['design']->id : '',
                'design_token' => isset($pending['design']) ? $pending['design']->token : '',
                // The signed-in customer's library ("My designs"); empty for a guest.
                'customer' => CustomerReference::forCustomer($config->secretKey(), $this->context->customer ?? null, time()),
            ]);

            return $this->display(__FILE__, 'views/templates/hook/product.tpl');
        } catch (\Throwable $e) {
            (new Logger())->error('product page hook: ' . $e->getMessage());

            return '';
        }
    }

    /**
     * Safety net for themes whose add-to-cart drops id_customization: when the loader's hidden
     * fields arrive without it, the design is stored as the pending customization right now,
     * and PrestaShop binds it to the line it is adding.
     */
    public function hookActionCartUpdateQuantityBefore(array $params): void
    {
        try {
            $adding = ($params['operator'] ?? 'up') === 'up';
            if (defined('_PS_ADMIN_DIR_') || !$adding || (int) ($params['id_customization'] ?? 0) > 0) {
                return;
            }
            $design = Design::fromStrings(Tools::getValue(self::FIELD_DESIGN), Tools::getValue(self::FIELD_TOKEN));
            $cart = $params['cart'] ?? null;
            $product = $params['product'] ?? null;
            if ($design === null || !$cart instanceof Cart || !$product instanceof Product || !$cart->id) {
                return;
            }
            if ($this->config()->isPersonalisable((int) $product->id)) {
                $this->customizations()->save((int) $cart->id, (int) $product->id, $design, $this->fieldLabels());
            }
        } catch (\Throwable $e) {
            (new Logger())->error('add-to-cart fallback: ' . $e->getMessage());
        }
    }

    /** After every add to the cart and quantity change: the cart charges Monogram's price. */
    public function hookActionCartSave(array $params): void
    {
        $cart = $params['cart'] ?? null;
        $this->priceCart($cart instanceof Cart ? $cart : null);
    }

    /** A removed personalised line takes its price with it. */
    public function hookActionObjectProductInCartDeleteAfter(array $params): void
    {
        $this->priceCart($this->context->cart instanceof Cart ? $this->context->cart : null);
    }

    /** Core asks the module that stored a customization to display it (cart, order, back office). */
    public function hookDisplayCustomization(array $params): string
    {
        $design = Design::fromStoredValue($params['customization']['value'] ?? null);
        if ($design === null) {
            return '';
        }

        // The id is letters, digits and one underscore (Design checks it): nothing to escape.
        return sprintf($this->l('Monogram design %s'), $design->id);
    }

    /** Runs inside the checkout: short timeouts, nothing thrown, failures kept for retry. */
    public function hookActionValidateOrder(array $params): void
    {
        $order = $params['order'] ?? null;
        try {
            if (!$order instanceof Order) {
                return;
            }
            $customer = $params['customer'] ?? null;
            $customer = $customer instanceof Customer ? $customer : new Customer((int) $order->id_customer);
            $currency = $params['currency'] ?? null;
            $currency = $currency instanceof Currency ? $currency : new Currency((int) $order->id_currency);
            $address = new Address((int) $order->id_address_invoice);

            $this->lastReport = $this->orderReporter()->report($order, $customer, $currency, $address, time());
        } catch (\Throwable $e) {
            (new Logger())->error('order hook: ' . $e->getMessage(), $order instanceof Order ? (int) $order->id : 0);
        }
    }

    /** The design preview and job status on the back-office order page (PrestaShop 1.7.7+). */
    public function hookDisplayAdminOrderMain(array $params): string
    {
        try {
            $idOrder = (int) ($params['id_order'] ?? 0);
            $names = [];
            $order = new Order($idOrder);
            foreach ((array) $order->getOrderDetailList() as $detail) {
                $names[(int) $detail['id_order_detail']] = (string) $detail['product_name'];
            }
            $vars = $this->adminOrderPanel()->forOrder($idOrder, $names, time());
            if ($vars['state'] === 'none') {
                return '';
            }
            $this->context->smarty->assign([
                'monogram' => $vars,
                'monogram_configure_url' => $this->configureUrl(),
            ]);

            return $this->display(__FILE__, 'views/templates/hook/admin_order.tpl');
        } catch (\Throwable $e) {
            (new Logger())->error('order page hook: ' . $e->getMessage());

            return '';
        }
    }

    /** Settings, the addresses to give Monogram, and the reports still waiting or failed. */
    public function getContent(): string
    {
        $output = '';
        $config = $this->config();
        $now = time();

        if (Tools::isSubmit('submitMonogramSettings')) {
            $form = [];
            $fields = [
                Config::API_URL,
                Config::PUBLISHABLE_KEY,
                Config::SECRET_KEY,
                Config::WEBHOOK_SECRET,
                Config::LOCALE,
                Config::PRODUCTS,
            ];
            foreach ($fields as $key) {
                $form[$key] = (string) Tools::getValue($key, '');
            }
            $checked = $config->validate($form);
            foreach ($checked['errors'] as $key) {
                $output .= $this->displayError($this->settingError($key));
            }
            if ($checked['errors'] === []) {
                $config->save($checked['values']);
                $this->prepareProducts($checked['values'][Config::PRODUCTS]);
                $output .= $this->displayConfirmation($this->l('Settings saved.'));
            }
        }

        $queue = $this->reportQueue();
        if (Tools::getIsset('monogramRetry')) {
            $idOrder = (int) Tools::getValue('monogramRetry');
            $row = $queue->requeue($idOrder, $now) ? $queue->find($idOrder) : null;
            if ($row !== null && is_array($row['payload'])) {
                $outcome = $this->orderReporter()->send($idOrder, $row['payload'], $now);
                $output .= $outcome->isDone()
                    ? $this->displayConfirmation(sprintf($this->l('Order %d sent to Monogram.'), $idOrder))
                    : $this->displayError(sprintf(
                        $this->l('Order %d could not be sent: %s'),
                        $idOrder,
                        htmlspecialchars((string) $outcome->toArray()['error'], ENT_QUOTES, 'UTF-8')
                    ));
            }
        }
        if (Tools::getIsset('monogramDismiss')) {
            $queue->forget((int) Tools::getValue('monogramDismiss'));
            $output .= $this->displayConfirmation($this->l('Report removed.'));
        }

        return $output . $this->renderSettingsForm($config) . $this->renderReports($config, $queue);
    }

    /**
     * Retries due reports; bin/retry-reports.php and the cron controller call it.
     *
     * @return array<string, int>
     */
    public function retryPendingReports(): array
    {
        return $this->reportQueue()->retryDue($this->orderReporter(), time());
    }

    public function webhookReceiver(): WebhookReceiver
    {
        return new WebhookReceiver(
            $this->config()->webhookSecret(),
            $this->reportedOrders(),
            new OrderNotes(),
            new OrderShipment(new Logger()),
            new Logger(),
            array_map(self::plain(...), [
                'shipped' => $this->l('Monogram: personalised item shipped.'),
                'ready' => $this->l('Monogram: production files ready.'),
                'job' => $this->l('Job:'),
                'tracking' => $this->l('Tracking:'),
            ])
        );
    }

    public function designEndpoint(): DesignEndpoint
    {
        return new DesignEndpoint($this->config(), $this->customizations(), new Logger(), $this->fieldLabels());
    }

    /**
     * Re-prices the shopper's cart; the back office (orders created for a customer, prices edited
     * by hand) is left to the merchant.
     */
    public function priceCart(?Cart $cart): void
    {
        try {
            if ($cart === null || !$cart->id || defined('_PS_ADMIN_DIR_') || !$this->config()->canReport()) {
                return;
            }
            $this->cartPricing()->update($cart, $this->context->customer ?? null, time());
        } catch (\Throwable $e) {
            (new Logger())->error('cart price: ' . $e->getMessage());
        }
    }

    public function cartPricing(): CartPricing
    {
        // The shopper waits on this call: shorter timeouts than the order report's.
        return new CartPricing(
            Db::getInstance(),
            _DB_PREFIX_,
            $this->customizations(),
            $this->cartPrices(),
            $this->apiClient(1000, 2500),
            new Logger(),
            $this->config()->secretKey()
        );
    }

    public function quoteCartLink(): QuoteCartLink
    {
        return new QuoteCartLink(
            $this->apiClient(ApiClient::CONNECT_TIMEOUT_MS, ApiClient::TIMEOUT_MS),
            $this->customizations(),
            $this->cartPricing(),
            $this->cartPrices(),
            new Logger(),
            $this->fieldLabels()
        );
    }

    public function cartPrices(): CartPrices
    {
        return new CartPrices(Db::getInstance(), _DB_PREFIX_);
    }

    public function config(): Config
    {
        return new Config();
    }

    public function customizations(): CustomizationStore
    {
        return new CustomizationStore(Db::getInstance(), (int) $this->id, _DB_PREFIX_);
    }

    public function reportQueue(): ReportQueue
    {
        return new ReportQueue(Db::getInstance(), _DB_PREFIX_);
    }

    public function reportedOrders(): ReportedOrders
    {
        return new ReportedOrders(Db::getInstance(), _DB_PREFIX_);
    }

    public function orderReporter(): OrderReporter
    {
        return new OrderReporter(
            new OrderPayload($this->customizations(), $this->cartPrices()),
            $this->apiClient(ApiClient::CONNECT_TIMEOUT_MS, ApiClient::TIMEOUT_MS),
            $this->reportQueue(),
            $this->reportedOrders(),
            new Logger()
        );
    }

    private function adminOrderPanel(): AdminOrderPanel
    {
        // The order page waits on these calls: shorter still than the checkout's.
        $client = $this->apiClient(1000, 2500);
        $cacheDir = (defined('_PS_CACHE_DIR_') ? _PS_CACHE_DIR_ : sys_get_temp_dir() . '/') . 'monogram/previews';

        return new AdminOrderPanel(
            $this->reportedOrders(),
            $this->reportQueue(),
            $this->config()->canReport() ? $client : null,
            $this->config()->canReport() ? new DesignPreviews($client, $cacheDir) : null
        );
    }

    private function apiClient(int $connectTimeoutMs, int $timeoutMs): ApiClient
    {
        $config = $this->config();

        return new ApiClient(
            $config->apiUrl(),
            $config->secretKey(),
            $connectTimeoutMs,
            $timeoutMs,
            'monogram-prestashop/' . $this->version . ' PrestaShop/' . _PS_VERSION_
        );
    }

    private function installer(): Installer
    {
        return new Installer(Db::getInstance(), _DB_PREFIX_, defined('_MYSQL_ENGINE_') ? _MYSQL_ENGINE_ : 'InnoDB');
    }

    /**
     * The label of the Monogram field, per language, as the cart and the order show it.
     *
     * @return array<int, string>
     */
    private function fieldLabels(): array
    {
        $labels = [];
        foreach (Language::getLanguages(false) as $language) {
            $french = $language['iso_code'] === 'fr';
            $labels[(int) $language['id_lang']] = $french ? 'Personnalisation' : 'Personalisation';
        }

        return $labels;
    }

    /** Listed products get their field now, so the cart binds designs from the first order. */
    private function prepareProducts(string $filter): void
    {
        foreach (Config::parseProductIds($filter) as $idProduct) {
            try {
                if (Validate::isLoadedObject(new Product($idProduct))) {
                    $this->customizations()->ensureField($idProduct, $this->fieldLabels());
                }
            } catch (\Throwable $e) {
                (new Logger())->error(sprintf('could not prepare product %d: %s', $idProduct, $e->getMessage()));
            }
        }
    }

    private function settingError(string $key): string
    {
        return match ($key) {
            Config::API_URL => $this->l('The API URL must start with https:// (http:// is accepted for localhost only).'),
            Config::PUBLISHABLE_KEY => $this->l('The publishable key starts with pk_.'),
            Config::SECRET_KEY => $this->l('The secret key starts with sk_.'),
            Config::WEBHOOK_SECRET => $this->l('The webhook signing secret is too short.'),
            default => $this->l('Invalid setting.'),
        };
    }

    private function renderSettingsForm(Config $config): string
    {
        $secretHint = static fn (string $stored, string $empty): string => $stored === '' ? $empty : Config::mask($stored);
        $form = [
            'form' => [
                'legend' => ['title' => $this->l('Settings'), 'icon' => 'icon-cogs'],
                'input' => [
                    [
                        'type' => 'text',
                        'label' => $this->l('API URL'),
                        'name' => Config::API_URL,
                        'required' => true,
                        'desc' => $this->l('The address of Monogram, as shown in the Monogram console, e.g. https://monogram.example.com'),
                    ],
                    [
                        'type' => 'text',
                        'label' => $this->l('Publishable key'),
                        'name' => Config::PUBLISHABLE_KEY,
                        'required' => true,
                        'desc' => $this->l('Starts with pk_. Used by the editor on product pages.'),
                    ],
                    [
                        'type' => 'password',
                        'label' => $this->l('Secret key'),
                        'name' => Config::SECRET_KEY,
                        'required' => true,
                        'desc' => sprintf($this->l('Starts with sk_. Stored: %s. Leave empty to keep it.'), $secretHint($config->secretKey(), $this->l('none'))),
                    ],
                    [
                        'type' => 'password',
                        'label' => $this->l('Webhook signing secret'),
                        'name' => Config::WEBHOOK_SECRET,
                        'desc' => sprintf($this->l('Lets the shop check that job updates come from Monogram. Stored: %s. Leave empty to keep it.'), $secretHint($config->webhookSecret(), $this->l('none'))),
                    ],
                    [
                        'type' => 'select',
                        'label' => $this->l('Editor language'),
                        'name' => Config::LOCALE,
                        'options' => [
                            'query' => [
                                ['id' => 'auto', 'name' => $this->l('Language of the shop page')],
                                ['id' => 'fr', 'name' => 'Français'],
                                ['id' => 'en', 'name' => 'English'],
                            ],
                            'id' => 'id',
                            'name' => 'name',
                        ],
                    ],
                    [
                        'type' => 'text',
                        'label' => $this->l('Personalised products'),
                        'name' => Config::PRODUCTS,
                        'desc' => $this->l('Product IDs separated by commas, or * for every product.'),
                    ],
                ],
                'submit' => ['title' => $this->l('Save')],
            ],
        ];

        $helper = new HelperForm();
        $helper->module = $this;
        $helper->name_controller = $this->name;
        $helper->token = Tools::getAdminTokenLite('AdminModules');
        $helper->currentIndex = AdminController::$currentIndex . '&configure=' . $this->name;
        $helper->default_form_language = (int) Configuration::get('PS_LANG_DEFAULT');
        $helper->submit_action = 'submitMonogramSettings';
        $helper->fields_value = [
            Config::API_URL => (string) Tools::getValue(Config::API_URL, $config->apiUrl()),
            Config::PUBLISHABLE_KEY => (string) Tools::getValue(Config::PUBLISHABLE_KEY, $config->publishableKey()),
            Config::SECRET_KEY => '',
            Config::WEBHOOK_SECRET => '',
            Config::LOCALE => (string) Tools::getValue(Config::LOCALE, Configuration::get(Config::LOCALE) ?: 'auto'),
            Config::PRODUCTS => (string) Tools::getValue(Config::PRODUCTS, $config->productFilter()),
        ];

        return $helper->generateForm([$form]);
    }

    private function renderReports(Config $config, ReportQueue $queue): string
    {
        $link = $this->context->link;
        $this->context->smarty->assign('monogram', [
            'webhook_url' => $link->getModuleLink($this->name, 'webhook', [], true),
            'cron_url' => $link->getModuleLink($this->name, 'cron', ['token' => $config->cronToken()], true),
            'cron_command' => 'php ' . _PS_MODULE_DIR_ . $this->name . '/bin/retry-reports.php',
            'configure_url' => $this->configureUrl(),
            'reports' => $queue->visible(),
            'max_attempts' => Config::MAX_ATTEMPTS,
        ]);

        return $this->display(__FILE__, 'views/templates/admin/configure.tpl');
    }

    private function configureUrl(): string
    {
        return $this->context->link->getAdminLink('AdminModules', true, [], ['configure' => $this->name]);
    }

    /** l() escapes for HTML; order messages are plain text, escaped where they are shown. */
    private static function plain(string $translated): string
    {
        return html_entity_decode($translated, ENT_QUOTES, 'UTF-8');
    }

    /** The product id from the hook's product, an array or a ProductLazyArray. */
    private static function productId(mixed $product): int
    {
        if ($product instanceof Product) {
            return (int) $product->id;
        }
        if (is_array($product) || $product instanceof ArrayAccess) {
            return (int) ($product['id_product'] ?? $product['id'] ?? 0);
        }

        return 0;
    }
}
